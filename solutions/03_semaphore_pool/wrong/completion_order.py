# expect: wrong_result
"""Results are appended as the calls finish, so they come back in completion order."""

from __future__ import annotations

import threading

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    results = []
    slots = threading.Semaphore(max_connections)
    results_lock = threading.Lock()

    def fetch(url):
        with slots:
            try:
                result = handler(url)
            except Exception as exc:
                result = exc
        with results_lock:
            results.append(result)

    threads = [threading.Thread(target=fetch, args=(url,)) for url in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
