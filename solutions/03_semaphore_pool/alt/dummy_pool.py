"""Semaphore pool as a multiprocessing.dummy (thread) Pool with max_connections threads."""

from __future__ import annotations

from multiprocessing.dummy import Pool

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    def safe_call(url):
        try:
            return handler(url)
        except Exception as exc:
            return exc

    workers = Pool(max_connections)
    try:
        # chunksize=1: one url per task, so every worker gets its share.
        return workers.map(safe_call, urls, chunksize=1)
    finally:
        workers.close()
        workers.join()
