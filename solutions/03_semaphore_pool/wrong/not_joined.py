# expect: leaked_thread|wrong_result
"""The threads are started but never joined: fetch_all returns before the results are in."""

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
        threading.Thread(target=fetch, args=(index, url)).start()
    return results
