# expect: leaked_thread
"""The tutorial's async_pool: results collected, but the pool is never closed or joined."""

from __future__ import annotations

from multiprocessing.dummy import Pool as ThreadPool


def fetch_pages(urls, fetch, workers=4):
    def safe(url):
        try:
            return fetch(url)
        except Exception as exc:
            return exc

    async_pool = ThreadPool(processes=workers)
    results = {url: async_pool.apply_async(safe, (url,)) for url in urls}
    # async_pool.close()
    # async_pool.join()
    return {url: r.get() for url, r in results.items()}
