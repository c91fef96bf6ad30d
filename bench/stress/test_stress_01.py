"""Stress checks for exercise-01 (bank.py): final balance and threads left running."""

from __future__ import annotations

import threading


def test_balance_is_zero():
    import bank

    assert bank.run(amounts=(5, 8), times=20_000) == 0


def test_change_it_from_many_threads():
    import bank

    account = bank.Account()
    threads = [threading.Thread(target=bank.run_thread, args=(account, n, 5_000)) for n in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert account.balance == 0


def test_threads_overlap_and_finish():
    import bank

    before = threading.active_count()
    events = []
    original_start, original_join = threading.Thread.start, threading.Thread.join

    def start(self):
        events.append("start")
        original_start(self)

    def join(self, timeout=None):
        events.append("join")
        original_join(self, timeout)

    threading.Thread.start, threading.Thread.join = start, join
    try:
        bank.run(amounts=(5, 8), times=20_000)
    finally:
        threading.Thread.start, threading.Thread.join = original_start, original_join
    starts_before_first_join = events.index("join") if "join" in events else len(events)
    assert events.count("start") < 2 or starts_before_first_join >= 2, "threads never ran at the same time"
    assert threading.active_count() == before, "threads left running"
