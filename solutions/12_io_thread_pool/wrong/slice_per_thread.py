# expect: serialized
"""`workers` threads of our own, each given its own slice of the urls up front: a thread that is done sits idle while the others still have urls."""

from __future__ import annotations

import threading


def fetch_pages(urls, fetch, workers=4):
    urls = list(urls)
    pages = {}
    lock = threading.Lock()

    def worker(mine):
        for url in mine:
            try:
                page = fetch(url)
            except Exception as exc:
                page = exc
            with lock:
                pages[url] = page

    threads = [threading.Thread(target=worker, args=(urls[i::workers],)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return pages
