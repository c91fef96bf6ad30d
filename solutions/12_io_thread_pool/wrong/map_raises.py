# expect: error|wrong_result|leaked_thread
"""pool.map(fetch, urls) straight: the first exception escapes and every other page is lost."""

from __future__ import annotations

from multiprocessing.dummy import Pool


def fetch_pages(urls, fetch, workers=4):
    pool = Pool(workers)
    pages = pool.map(fetch, urls)
    pool.close()
    pool.join()
    return dict(zip(urls, pages, strict=True))
