"""concurrent.futures.ThreadPoolExecutor: submit every url, then read each future's result or exception."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor


def fetch_pages(urls, fetch, workers=4):
    with ThreadPoolExecutor(max_workers=workers) as pool:  # leaving the block waits for the threads
        futures = {url: pool.submit(fetch, url) for url in urls}
    pages = {}
    for url, future in futures.items():
        error = future.exception()
        pages[url] = error if error is not None else future.result()
    return pages
