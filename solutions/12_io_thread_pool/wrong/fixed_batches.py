# expect: serialized
"""One pool, but the urls go to it in batches of `workers`: the next batch waits until the slowest fetch of this one is done."""

from __future__ import annotations

from multiprocessing.dummy import Pool


def fetch_pages(urls, fetch, workers=4):
    def safe(url):
        try:
            return fetch(url)
        except Exception as exc:
            return exc

    urls = list(urls)
    pages = {}
    with Pool(processes=workers) as pool:
        for start in range(0, len(urls), workers):
            batch = urls[start : start + workers]
            # map returns when the whole batch is done: the threads that finished early sit idle until then
            pages.update(zip(batch, pool.map(safe, batch), strict=True))
    return pages
