# expect: leaked_thread|wrong_result
"""Starts every thread but never joins them: run_named returns while they still work."""

from __future__ import annotations

import threading


def run_named(n, work):
    results = [None] * n

    def run_one(index, name):
        results[index] = work(name)

    for i in range(1, n + 1):
        threading.Thread(target=run_one, args=(i - 1, f"Worker-{i}"), name=f"Worker-{i}").start()
    return results
