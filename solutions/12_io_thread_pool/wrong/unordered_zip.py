# expect: wrong_result
"""imap_unordered gives results in the order they finish; zipping them with urls mixes the pages up."""

from __future__ import annotations

from multiprocessing.dummy import Pool


def fetch_pages(urls, fetch, workers=4):
    def safe(url):
        try:
            return fetch(url)
        except Exception as exc:
            return exc

    with Pool(workers) as pool:
        pages = list(pool.imap_unordered(safe, urls))
    return dict(zip(urls, pages, strict=True))
