"""Fetch many pages with a fixed pool of threads: I/O-bound work, so threads are enough.

A fetch spends nearly all its time waiting for the network, and a thread that
waits does not hold the GIL: several threads can wait at the same time. A pool
keeps a fixed number of threads and hands each of them the next url when it is
free, so the program never opens more connections than the pool has threads.
"""

from __future__ import annotations

from multiprocessing.dummy import Pool  # noqa: F401 - the tutorial's thread pool, for you to use


def fetch_pages(urls, fetch, workers=4):
    """Call fetch(url) for every url with `workers` threads; return {url: page or exception}."""
    # TODO: this loop fetches one url at a time. Create a Pool(processes=workers),
    # give it every url before waiting for any result, collect each url's result
    # (or the exception its fetch raised), and close() and join() the pool at the end.
    pages = {}
    for url in urls:
        try:
            pages[url] = fetch(url)
        except Exception as exc:
            pages[url] = exc
    return pages


if __name__ == "__main__":
    import time

    def slow_fetch(url):
        time.sleep(0.5)  # the network
        if url.endswith("/missing"):
            raise LookupError(f"404 {url}")
        return f"<html>{url}</html>"

    urls = [f"https://example.com/{name}" for name in ("a", "b", "c", "d", "e", "f", "missing", "h")]
    start = time.perf_counter()
    pages = fetch_pages(urls, slow_fetch, workers=4)
    print(f"{len(pages)} pages in {time.perf_counter() - start:.1f} s (with 4 threads it can be {0.5 * 2:.1f} s)")
    for url, page in pages.items():
        print(f"  {url}: {page!r}")
