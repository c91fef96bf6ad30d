"""Semaphore pool with a BoundedSemaphore and an explicit acquire / try / finally release."""

from __future__ import annotations

import threading

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    results = {}
    # BoundedSemaphore raises if released more often than acquired: it catches double releases.
    slots = threading.BoundedSemaphore(max_connections)

    def fetch(index, url):
        slots.acquire()
        try:
            result = handler(url)
        except Exception as exc:
            result = exc
        finally:
            slots.release()
        results[index] = result

    threads = [threading.Thread(target=fetch, args=(i, url)) for i, url in enumerate(urls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [results[i] for i in range(len(urls))]
