# expect: over_limit
"""A pool as big as the list of urls: as many threads as urls, not `workers`."""

from __future__ import annotations

from multiprocessing.dummy import Pool


def fetch_pages(urls, fetch, workers=4):
    def safe(url):
        try:
            return fetch(url)
        except Exception as exc:
            return exc

    pool = Pool(max(1, len(urls)))
    try:
        results = {url: pool.apply_async(safe, (url,)) for url in urls}
        return {url: r.get() for url, r in results.items()}
    finally:
        pool.close()
        pool.join()
