# expect: wrong_result|error
"""The semaphore is right, but an exception from handler kills the thread instead of becoming the result."""

from __future__ import annotations

import threading

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    results = [None] * len(urls)
    slots = threading.Semaphore(max_connections)

    def fetch(index, url):
        with slots:
            results[index] = handler(url)

    threads = [threading.Thread(target=fetch, args=(i, url)) for i, url in enumerate(urls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
