# expect: wrong_result
"""target=run_one(...) calls the function right away, in the main thread; the thread gets target=None."""

from __future__ import annotations

import threading


def run_named(n, work):
    results = [None] * n

    def run_one(index, name):
        results[index] = work(name)

    threads = []
    for i in range(1, n + 1):
        name = f"Worker-{i}"
        threads.append(threading.Thread(target=run_one(i - 1, name), name=name))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
