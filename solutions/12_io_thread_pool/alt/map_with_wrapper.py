"""Pool.map in a with-block, over a wrapper that returns (url, page or exception) pairs."""

from __future__ import annotations

import multiprocessing.dummy


def fetch_pages(urls, fetch, workers=4):
    def fetch_safely(url):
        try:
            return url, fetch(url)
        except Exception as exc:
            return url, exc

    # The tutorial's async map: the with-block ends the pool (terminate) and waits for its threads.
    with multiprocessing.dummy.Pool(workers) as pool:
        pairs = pool.map(fetch_safely, urls)
    return dict(pairs)
