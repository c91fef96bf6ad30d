"""Stress checks for exercise-02 (deadlock.py): no hang, adjacent log entries."""

from __future__ import annotations

import threading


def _adjacent(log):
    assert len(log) % 2 == 0
    for first, second in zip(log[::2], log[1::2], strict=False):
        assert first[:2] == second[:2], f"entries of one call are split: {first} / {second}"


def test_run_finishes_with_adjacent_entries():
    import deadlock

    log = deadlock.run(n_threads=10)
    assert len(log) == 40
    _adjacent(log)


def test_func1_and_func2_called_directly():
    import deadlock

    log = []

    def hammer(fn):
        for _ in range(20):
            fn(log)

    threads = [threading.Thread(target=hammer, args=(f,)) for f in (deadlock.func1, deadlock.func2) * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(log) == 160
    _adjacent(log)
