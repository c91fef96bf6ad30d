"""Fetch many URLs at the same time, but never with more than MAX_CONNECTIONS open connections."""

from __future__ import annotations

import threading

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    """Call handler(url) for every url concurrently and return the results in url order.

    If handler(url) raises an exception, the exception object itself becomes
    that url's result. At most max_connections handler calls may run at once.
    """
    results = [None] * len(urls)
    # One semaphore shared by every thread: it has max_connections slots.
    slots = threading.Semaphore(max_connections)

    def fetch(index, url):
        # `with` releases the slot however the block ends, exceptions included.
        with slots:
            try:
                results[index] = handler(url)
            except Exception as exc:
                results[index] = exc

    threads = []
    for index, url in enumerate(urls):
        t = threading.Thread(target=fetch, args=(index, url))
        t.start()
        threads.append(t)

    for t in threads:
        t.join()
    return results
