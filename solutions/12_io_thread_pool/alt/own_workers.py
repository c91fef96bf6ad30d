"""No pool class: `workers` threads of our own take urls from a queue and fill a dict under a lock."""

from __future__ import annotations

import queue
import threading


def fetch_pages(urls, fetch, workers=4):
    todo = queue.Queue()
    for url in urls:
        todo.put(url)
    pages = {}
    lock = threading.Lock()

    def worker():
        while True:
            try:
                url = todo.get_nowait()  # every url is queued before the workers start
            except queue.Empty:
                return
            try:
                page = fetch(url)
            except Exception as exc:
                page = exc
            with lock:
                pages[url] = page

    threads = [threading.Thread(target=worker, name=f"fetcher-{i}") for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return pages
