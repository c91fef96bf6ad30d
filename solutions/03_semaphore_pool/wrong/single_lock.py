# expect: serialized
"""A Lock instead of a semaphore: only one connection at a time."""

from __future__ import annotations

import threading

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    results = [None] * len(urls)
    lock = threading.Lock()

    def fetch(index, url):
        with lock:
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
