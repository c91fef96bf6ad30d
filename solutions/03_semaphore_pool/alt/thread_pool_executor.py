"""Semaphore pool as a ThreadPoolExecutor: max_connections worker threads are the slots."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    def safe_call(url):
        try:
            return handler(url)
        except Exception as exc:
            return exc

    # Leaving the with-block waits for every worker thread (shutdown(wait=True)).
    with ThreadPoolExecutor(max_workers=max_connections) as executor:
        return list(executor.map(safe_call, urls))
