# expect: wrong_result
"""Never names the threads: they keep Python's default names (Thread-1, ...)."""

from __future__ import annotations

import threading


def run_named(n, work):
    results = [None] * n

    def run_one(index, name):
        results[index] = work(name)

    threads = [threading.Thread(target=run_one, args=(i, f"Worker-{i + 1}")) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
