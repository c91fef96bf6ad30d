"""Fetch many URLs at the same time, but never with more than MAX_CONNECTIONS open connections.

Every url gets its own thread, so a slow server does not hold up the others.
The remote side only accepts a few connections at once: if we open more,
it starts refusing us. Your job is to put a limit on it.
"""

from __future__ import annotations

import threading

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    """Call handler(url) for every url concurrently and return the results in url order.

    If handler(url) raises an exception, the exception object itself becomes
    that url's result. At most max_connections handler calls may run at once.
    """
    results = [None] * len(urls)
    # TODO: create a semaphore with max_connections slots here.

    def fetch(index, url):
        # TODO: take a slot before calling handler, and give it back afterwards,
        # even when handler raises (otherwise the slot is lost for good).
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
