# expect: serialized
"""Joins each thread right after starting it: the threads run one after another."""

from __future__ import annotations

import threading


def run_named(n, work):
    results = [None] * n

    def run_one(index, name):
        results[index] = work(name)

    for i in range(1, n + 1):
        t = threading.Thread(target=run_one, args=(i - 1, f"Worker-{i}"), name=f"Worker-{i}")
        t.start()
        t.join()
    return results
