"""Visible tests for fetch_pages: run them with `grade 12` while you work."""

from __future__ import annotations

import pytest

from grader.explorer import Violation
from grader.testing import exact
from grader.testing import same
from grader.testing import show


class Web:
    """A fake network: each fetch waits 0.1 (virtual) seconds; counts the fetches in flight."""

    def __init__(self, explore, bad=()):
        self._lock = explore.threading.Lock()
        self._sleep = explore.sleep
        self.bad = set(bad)
        self.active = 0
        self.peak = 0

    def fetch(self, url):
        with self._lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            self._sleep(0.1)
            if url in self.bad:
                raise LookupError(f"404 {url}")
            return f"<page {url}>"
        finally:
            with self._lock:
                self.active -= 1


@pytest.mark.points(1)
def test_pages_by_url(explore):
    def scenario(mod):
        web = Web(explore)
        urls = ["a", "b", "c"]
        pages = mod.fetch_pages(urls, web.fetch, workers=2)
        exact(pages, {u: f"<page {u}>" for u in urls}, "fetch_pages(['a', 'b', 'c'], fetch, workers=2)")

    explore(scenario, module="fetcher")


@pytest.mark.points(1)
def test_an_exception_is_the_result(explore):
    def scenario(mod):
        web = Web(explore, bad={"b"})
        pages = mod.fetch_pages(["a", "b"], web.fetch, workers=2)
        assert type(pages) is dict, f"fetch_pages returned {show(pages)}; it must return a plain dict."
        assert type(pages.get("b")) is LookupError, (
            f"fetch('b') raised LookupError, so pages['b'] must be that exception; it is {show(pages.get('b'))}."
        )
        assert same(pages.get("a"), "<page a>"), f"pages['a'] is {show(pages.get('a'))}, expected '<page a>'."

    explore(scenario, module="fetcher")


@pytest.mark.points(2)
def test_three_workers_fetch_at_once(explore):
    def scenario(mod):
        web = Web(explore)
        mod.fetch_pages([f"u{i}" for i in range(6)], web.fetch, workers=3)
        if web.peak != 3:
            raise Violation(
                "serialized" if web.peak < 3 else "over_limit",
                f"With workers=3 and 6 urls, {web.peak} fetch(es) ran at the same time; it should be "
                "exactly 3: one pool of 3 threads, all given work before you wait for any result.",
            )

    explore(scenario, module="fetcher")
