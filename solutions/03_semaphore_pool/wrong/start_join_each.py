# expect: serialized
"""Each thread is joined right after it starts (as in the tutorial's loop): one url at a time."""

from __future__ import annotations

import threading

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    results = [None] * len(urls)
    slots = threading.Semaphore(max_connections)

    def fetch(index, url):
        with slots:
            try:
                results[index] = handler(url)
            except Exception as exc:
                results[index] = exc

    for index, url in enumerate(urls):
        t = threading.Thread(target=fetch, args=(index, url))
        t.start()
        t.join()
    return results
