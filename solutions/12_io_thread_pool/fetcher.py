"""Fetch many pages with a fixed pool of threads: I/O-bound work, so threads are enough."""

from __future__ import annotations

from multiprocessing.dummy import Pool


def _fetch_one(fetch, url):
    """Run fetch(url) in a pool thread; an exception becomes the result instead of escaping."""
    try:
        return fetch(url)
    except Exception as exc:
        return exc


def fetch_pages(urls, fetch, workers=4):
    """Call fetch(url) for every url with `workers` threads; return {url: page or exception}."""
    pool = Pool(processes=workers)
    try:
        pending = {url: pool.apply_async(_fetch_one, (fetch, url)) for url in urls}
        results = {url: result.get() for url, result in pending.items()}
    finally:
        pool.close()  # no more work: the threads end when the queue is empty
        pool.join()  # and wait until they have
    return results


if __name__ == "__main__":
    import time

    def slow_fetch(url):
        time.sleep(0.5)  # the network: the thread waits, the GIL is free meanwhile
        if url.endswith("/missing"):
            raise LookupError(f"404 {url}")
        return f"<html>{url}</html>"

    urls = [f"https://example.com/{name}" for name in ("a", "b", "c", "d", "e", "f", "missing", "h")]
    start = time.perf_counter()
    pages = fetch_pages(urls, slow_fetch, workers=4)
    print(f"{len(pages)} pages in {time.perf_counter() - start:.1f} s (one by one: {0.5 * len(urls):.1f} s)")
    for url, page in pages.items():
        print(f"  {url}: {page!r}")
