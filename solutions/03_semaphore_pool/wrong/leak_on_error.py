# expect: deadlock|serialized
"""The slot is released only when handler succeeds: every exception keeps a slot forever."""

from __future__ import annotations

import threading

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    results = [None] * len(urls)
    slots = threading.Semaphore(max_connections)

    def fetch(index, url):
        slots.acquire()
        try:
            results[index] = handler(url)
        except Exception as exc:
            results[index] = exc
            return
        slots.release()

    threads = [threading.Thread(target=fetch, args=(i, url)) for i, url in enumerate(urls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
