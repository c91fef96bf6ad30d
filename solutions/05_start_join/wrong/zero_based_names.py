# expect: wrong_result
"""Counts from 0: the threads are Worker-0 .. Worker-(n-1), but work gets the names it expects."""

from __future__ import annotations

import threading


def run_named(n, work):
    results = [None] * n

    def run_one(index):
        results[index] = work(f"Worker-{index + 1}")

    threads = [threading.Thread(target=run_one, args=(i,), name=f"Worker-{i}") for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
