# expect: over_limit
"""One thread per url and no semaphore at all: every url connects at once."""

from __future__ import annotations

import threading

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    results = [None] * len(urls)

    def fetch(index, url):
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
