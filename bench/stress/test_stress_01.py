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
    alive_peak = 0
    original_start = threading.Thread.start

    def start(self):
        nonlocal alive_peak
        original_start(self)
        alive_peak = max(alive_peak, threading.active_count() - before)

    threading.Thread.start = start
    try:
        bank.run(amounts=(5, 8), times=20_000)
    finally:
        threading.Thread.start = original_start
    assert alive_peak >= 2, "threads never ran at the same time"
    assert threading.active_count() == before, "threads left running"
