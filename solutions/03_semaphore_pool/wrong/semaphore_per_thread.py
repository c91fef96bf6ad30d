# expect: over_limit
"""Each thread creates its own semaphore, so nobody ever waits for anybody."""

from __future__ import annotations

import threading

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    results = [None] * len(urls)

    def fetch(index, url):
        slots = threading.Semaphore(max_connections)
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
