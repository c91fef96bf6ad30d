"""Visible tests for the semaphore pool: run them with `grade 03` while you work."""

from __future__ import annotations

import pytest

from grader.explorer import Violation
from grader.testing import exact
from grader.testing import show


class Server:
    """A fake server that counts how many handler calls are connected at the same time."""

    def __init__(self, explore, limit, bad=()):
        self._lock = explore.threading.Lock()
        self._sleep = explore.sleep
        self.limit = limit
        self.bad = set(bad)
        self.active = 0
        self.peak = 0
        self.errors = {}
        self.violations = []

    def handler(self, url):
        with self._lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
            active = self.active
        if active > self.limit:
            # Kept as well as raised: fetch_all catches the exceptions handler raises.
            violation = Violation(
                "over_limit",
                f"{active} calls to handler were running at the same time, but at most "
                f"{self.limit} may run at once. Take a slot from a "
                "threading.Semaphore(max_connections) before calling handler(url) and give "
                "it back after the call.",
            )
            self.violations.append(violation)
            raise violation
        try:
            if url in self.bad:
                self.errors[url] = ValueError(f"server refused {url}")
                raise self.errors[url]
            self._sleep(0.01)  # "connected": let the other threads run meanwhile
            return "page:" + url
        finally:
            with self._lock:
                self.active -= 1


@pytest.mark.points(1)
def test_results_come_back_in_url_order(explore):
    def scenario(mod):
        urls = ["a", "bb", "ccc", "dddd", "eeeee", "ffffff", "g"]
        exact(mod.fetch_all(urls, len), [1, 2, 3, 4, 5, 6, 1], "fetch_all(urls, len)")

    explore(scenario, module="pool")


@pytest.mark.points(2)
def test_never_more_than_max_connections(explore):
    def scenario(mod):
        server = Server(explore, limit=5)
        urls = [f"url{i}" for i in range(7)]
        results = mod.fetch_all(urls, server.handler)
        if server.violations:
            raise server.violations[0]
        expected = ["page:" + url for url in urls]
        exact(results, expected, "fetch_all(urls, handler)", hint="One result per url, in url order.")

    explore(scenario, module="pool")


@pytest.mark.points(2)
def test_all_slots_are_used(explore):
    def scenario(mod):
        server = Server(explore, limit=3)
        mod.fetch_all([f"url{i}" for i in range(5)], server.handler, max_connections=3)
        if server.violations:
            raise server.violations[0]
        if server.peak < 3:
            raise Violation(
                "serialized",
                f"With max_connections=3 and 5 urls, only {server.peak} handler call(s) ran at "
                "the same time. Use all three slots, and start every thread before joining any.",
            )

    explore(scenario, module="pool")


@pytest.mark.points(1)
def test_an_exception_is_that_urls_result(explore):
    def scenario(mod):
        server = Server(explore, limit=2, bad={"url1"})
        results = mod.fetch_all(["url0", "url1", "url2"], server.handler, max_connections=2)
        if server.violations:
            raise server.violations[0]
        assert type(results) is list and len(results) == 3, (
            f"fetch_all returned {show(results)}; it must return a plain list with one result per url."
        )
        assert results[1] is server.errors["url1"], (
            f"handler('url1') raised {server.errors['url1']!r}, so results[1] must be that "
            f"exception object, but it is {show(results[1])}."
        )
        exact([results[0], results[2]], ["page:url0", "page:url2"], "[results[0], results[2]]")

    explore(scenario, module="pool")
