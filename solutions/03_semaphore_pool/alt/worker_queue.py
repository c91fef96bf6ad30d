"""Semaphore pool as max_connections worker threads pulling (index, url) jobs from a queue."""

from __future__ import annotations

import queue
import threading

MAX_CONNECTIONS = 5


def fetch_all(urls, handler, max_connections=MAX_CONNECTIONS):
    jobs = queue.Queue()
    for job in enumerate(urls):
        jobs.put(job)
    results = [None] * len(urls)

    def worker():
        while True:
            try:
                index, url = jobs.get_nowait()
            except queue.Empty:
                return  # every url has been taken
            try:
                results[index] = handler(url)
            except Exception as exc:
                results[index] = exc

    workers = [threading.Thread(target=worker) for _ in range(max_connections)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return results
