# expect: over_limit
"""One thread per url: all the fetches at once, whatever `workers` says."""

from __future__ import annotations

import threading


def fetch_pages(urls, fetch, workers=4):
    pages = {}

    def run(url):
        try:
            pages[url] = fetch(url)
        except Exception as exc:
            pages[url] = exc

    threads = [threading.Thread(target=run, args=(url,)) for url in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return pages
