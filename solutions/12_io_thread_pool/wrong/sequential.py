# expect: serialized
"""A plain loop: every fetch waits for the previous one, so the network wait is never shared."""

from __future__ import annotations


def fetch_pages(urls, fetch, workers=4):
    pages = {}
    for url in urls:
        try:
            pages[url] = fetch(url)
        except Exception as exc:
            pages[url] = exc
    return pages
