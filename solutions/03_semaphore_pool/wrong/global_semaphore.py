# expect: over_limit
"""One module-level Semaphore(MAX_CONNECTIONS): ignores a smaller max_connections argument."""

from __future__ import annotations

import threading

MAX_CONNECTIONS = 5
slots = threading.Semaphore(MAX_CONNECTIONS)


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    results = [None] * len(urls)

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
