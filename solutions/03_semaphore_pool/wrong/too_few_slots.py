# expect: serialized|deadlock
"""Semaphore(max_connections - 1): "one slot to spare", so the pool is never full (and with 1, nothing runs)."""

from __future__ import annotations

import threading

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    results = [None] * len(urls)
    slots = threading.Semaphore(max_connections - 1)

    def fetch(index, url):
        with slots:
            try:
                results[index] = handler(url)
            except Exception as exc:
                results[index] = exc

    threads = [threading.Thread(target=fetch, args=(i, url)) for i, url in enumerate(urls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
