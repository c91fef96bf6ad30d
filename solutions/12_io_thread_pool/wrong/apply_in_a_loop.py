# expect: serialized
"""The tutorial's pool.apply in a loop: apply() waits for each result, so one fetch at a time."""

from __future__ import annotations

from multiprocessing.dummy import Pool


def fetch_pages(urls, fetch, workers=4):
    def safe(url):
        try:
            return fetch(url)
        except Exception as exc:
            return exc

    pool = Pool(processes=workers)
    pages = {}
    for url in urls:
        pages[url] = pool.apply(safe, (url,))
    pool.close()
    pool.join()
    return pages
