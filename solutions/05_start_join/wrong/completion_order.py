# expect: wrong_result
"""Appends each result when its thread finishes: the list is in finishing order, not thread order."""

from __future__ import annotations

import threading


def run_named(n, work):
    results = []
    lock = threading.Lock()

    def run_one(name):
        value = work(name)
        with lock:
            results.append(value)

    threads = [threading.Thread(target=run_one, args=(f"Worker-{i}",), name=f"Worker-{i}") for i in range(1, n + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
