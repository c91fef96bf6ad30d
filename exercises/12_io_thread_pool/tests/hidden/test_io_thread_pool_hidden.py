"""Hidden tests for fetch_pages: results by url, exceptions per url, exactly `workers` at once, pool ended."""

from __future__ import annotations

import inspect
import threading as real_threading
import time as real_time

import fetcher
import pytest

from grader.explorer import Violation
from grader.testing import exact
from grader.testing import exact_type
from grader.testing import same
from grader.testing import show

DEFAULT_WORKERS = 4


class Web:
    """A fake network: fetch(url) waits a (virtual) moment and counts how many fetches are in flight."""

    def __init__(self, explore, bad=(), wait=None):
        self._lock = explore.threading.Lock()
        self._sleep = explore.sleep
        self.bad = set(bad)
        self.wait = wait or (lambda url: 0.1)
        self.active = 0
        self.peak = 0
        self.calls = []
        self.errors = {}

    def fetch(self, url):
        with self._lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
            self.calls.append(url)
        try:
            self._sleep(self.wait(url))  # waiting for the network: other threads run meanwhile
            if url in self.bad:
                self.errors[url] = LookupError(f"404 {url}")
                raise self.errors[url]
            return f"<page {url}>"
        finally:
            with self._lock:
                self.active -= 1

    def check_results(self, pages, urls, where):
        assert type(pages) is dict, f"{where} returned {show(pages)}; it must return a plain dict."
        exact_type(list(pages), list[str], f"the keys of the dict {where} returned")
        assert sorted(pages) == sorted(urls), (
            f"{where} returned a dict with the keys {sorted(pages)}; it must have exactly one key per "
            f"url: {sorted(urls)}."
        )
        for url in urls:
            if url in self.bad:
                assert pages[url] is self.errors.get(url), (
                    f"fetch({url!r}) raised {self.errors.get(url)!r}, so pages[{url!r}] must be that "
                    f"exception object itself, but it is {show(pages[url])}. Catch the exception inside "
                    "the pool thread, around the one fetch call, and make it that url's result."
                )
            else:
                want = f"<page {url}>"
                assert same(pages[url], want), (
                    f"{where}: pages[{url!r}] is {show(pages[url])} but fetch({url!r}) returned {want!r}. "
                    "Is each result stored under its own url? Results that come back in the order the "
                    "fetches finish (imap_unordered, as_completed) do not match the order of urls."
                )
        exact_type(self.calls, list[str], f"the urls {where} called fetch with")
        assert sorted(self.calls) == sorted(urls), (
            f"{where} called fetch for {sorted(self.calls)}; it must call it exactly once per url."
        )

    def check_workers(self, workers, n_urls, where):
        if self.peak > workers:
            raise Violation(
                "over_limit",
                f"During {where}, {self.peak} fetches ran at the same time, but the pool has "
                f"{workers} threads: at most {workers} may run at once. Do not start a thread per "
                f"url: create one pool of `workers` threads (Pool(processes=workers)) and give "
                "it all the urls.",
            )
        wanted = min(workers, n_urls)
        if self.peak < wanted:
            raise Violation(
                "serialized",
                f"During {where}, at most {self.peak} fetch(es) ran at the same time, but {wanted} "
                "should have: a fetch mostly waits for the network, so the pool's threads should "
                "wait together. Hand all the urls to the pool before waiting for any result "
                "(apply_async or map, not apply() in a loop, and no loop calling fetch directly).",
            )


class OneSlowWeb(Web):
    """A fake network whose first fetch to start is slow: it stays on the network until every other url has
    been started. Only a pool in which every free thread takes the next waiting url gets there; a pool that
    hands the urls out in fixed batches, or a slice per thread, leaves threads idle behind the slow fetch.
    Then the slow fetch gives up after a long (virtual) wait and records what was still waiting.
    """

    GIVE_UP = 1000.0  # virtual seconds: the clock only gets there once every thread is waiting

    def __init__(self, explore, urls):
        super().__init__(explore)
        self.urls = list(urls)
        self.everyone_started = explore.threading.Event()
        self.slow = None
        self.stuck = None  # (urls never started, fetches running) when the slow fetch gave up

    def fetch(self, url):
        with self._lock:
            first = self.slow is None
            if first:
                self.slow = url
            self.calls.append(url)
            self.active += 1
            self.peak = max(self.peak, self.active)
            if set(self.urls) <= set(self.calls):
                self.everyone_started.set()
        try:
            if first:
                if not self.everyone_started.wait(self.GIVE_UP):
                    with self._lock:
                        self.stuck = ([u for u in self.urls if u not in self.calls], self.active)
            else:
                self._sleep(0.1)
            return f"<page {url}>"
        finally:
            with self._lock:
                self.active -= 1

    def check_no_idle_thread(self, workers, where):
        if self.stuck is None:
            return
        waiting, running = self.stuck
        shown = ", ".join(repr(u) for u in waiting[:3]) + (", ..." if len(waiting) > 3 else "")
        idle = workers - running
        raise Violation(
            "serialized",
            f"During {where}, the first fetch to start ({self.slow!r}) was a slow one: it stayed on the network "
            f"until every other url had been started, while the other fetches were quick. But "
            f"{len(waiting)} url{'s' if len(waiting) != 1 else ''} ({shown}) never started while only {running} "
            f"fetch{'es were' if running != 1 else ' was'} running: {idle} of the {workers} threads sat idle "
            "although urls were waiting. A free thread must take the next "
            "waiting url at once. Handing the urls out in fixed batches (start `workers` fetches, wait for all "
            "of them, then start the next ones) or giving each thread its own slice of the list makes the free "
            "threads wait for the slowest fetch. Give every url to one pool (apply_async for each url, or map) "
            "or let your threads take the urls one by one from one shared queue.",
        )


def run(explore, mod, n_urls, workers=None, **web_options):
    urls = [f"https://site{i}.example/" for i in range(n_urls)]
    web = Web(explore, **web_options)
    if workers is None:
        where = f"fetch_pages({n_urls} urls) with the default workers"
        pages = mod.fetch_pages(urls, web.fetch)
    else:
        where = f"fetch_pages({n_urls} urls, workers={workers})"
        pages = mod.fetch_pages(urls, web.fetch, workers=workers)
    return urls, web, pages, where


@pytest.mark.points(1)
def test_api_and_no_urls():
    assert callable(getattr(fetcher, "fetch_pages", None)), (
        "fetcher.py must define fetch_pages(urls, fetch, workers=4)."
    )
    params = inspect.signature(fetcher.fetch_pages).parameters
    assert list(params)[:3] == ["urls", "fetch", "workers"], (
        f"fetch_pages must take (urls, fetch, workers=4), found ({', '.join(params)})."
    )
    assert same(params["workers"].default, DEFAULT_WORKERS), "workers must default to 4."
    exact(fetcher.fetch_pages([], len), {}, "fetch_pages([], fetch)", hint="It must return an empty dict.")


@pytest.mark.points(1)
def test_results_by_url(explore):
    def scenario(mod):
        urls, web, pages, where = run(explore, mod, 5, workers=2)
        web.check_results(pages, urls, where)

    explore(scenario, module="fetcher")


@pytest.mark.points(1)
def test_results_by_url_when_later_urls_finish_first(explore):
    def scenario(mod):
        # site0 is the slowest, site4 the fastest: the fetches finish in reverse order.
        urls, web, pages, where = run(explore, mod, 5, workers=5, wait=lambda url: 0.1 * (6 - int(url[12])))
        web.check_results(pages, urls, where)

    explore(scenario, module="fetcher")


@pytest.mark.points(2)
def test_an_exception_is_that_urls_result(explore):
    def scenario(mod):
        bad = {"https://site1.example/", "https://site4.example/"}
        urls, web, pages, where = run(explore, mod, 6, workers=3, bad=bad)
        web.check_results(pages, urls, where)
        web.check_workers(3, 6, where)

    explore(scenario, module="fetcher")


@pytest.mark.points(3)
@pytest.mark.parametrize(("workers", "n_urls"), [(2, 5), (3, 7), (None, 6)], ids=["2-of-5", "3-of-7", "default-of-6"])
def test_exactly_workers_fetches_at_once(explore, workers, n_urls):
    def scenario(mod):
        urls, web, pages, where = run(explore, mod, n_urls, workers=workers)
        web.check_workers(workers or DEFAULT_WORKERS, n_urls, where)
        web.check_results(pages, urls, where)

    explore(scenario, module="fetcher")


@pytest.mark.points(2)
@pytest.mark.parametrize(("workers", "n_urls"), [(3, 8), (2, 5)], ids=["3-of-8", "2-of-5"])
def test_a_free_thread_takes_the_next_url(explore, workers, n_urls):
    def scenario(mod):
        urls = [f"https://site{i}.example/" for i in range(n_urls)]
        web = OneSlowWeb(explore, urls)
        where = f"fetch_pages({n_urls} urls, workers={workers}) with one slow url"
        pages = mod.fetch_pages(urls, web.fetch, workers=workers)
        web.check_no_idle_thread(workers, where)
        web.check_workers(workers, n_urls, where)
        web.check_results(pages, urls, where)

    explore(scenario, module="fetcher")


@pytest.mark.points(1)
def test_fewer_urls_than_workers(explore):
    def scenario(mod):
        urls, web, pages, where = run(explore, mod, 2, workers=4)
        web.check_workers(4, 2, where)
        web.check_results(pages, urls, where)

    explore(scenario, module="fetcher")


@pytest.mark.points(1)
def test_with_real_threads():
    lock = real_threading.Lock()
    state = {"active": 0, "peak": 0}

    def fetch(url):
        with lock:
            state["active"] += 1
            state["peak"] = max(state["peak"], state["active"])
        real_time.sleep(0.05)
        with lock:
            state["active"] -= 1
        if url == "bad":
            raise ValueError(url)
        return url.upper()

    urls = ["a", "b", "c", "bad", "d", "e"]
    before = set(real_threading.enumerate())
    pages = fetcher.fetch_pages(urls, fetch, workers=3)
    # A pool ended with terminate() (the with-block) stops its worker threads without joining them: they
    # finish on their own a moment later. Only threads still running after a grace period are left behind.
    deadline = real_time.monotonic() + 2.0
    for thread in set(real_threading.enumerate()) - before:
        thread.join(max(0.0, deadline - real_time.monotonic()))
    left = [t.name for t in set(real_threading.enumerate()) - before if t.is_alive()]
    assert type(pages) is dict, f"fetch_pages returned {show(pages)}; it must return a plain dict."
    exact_type(list(pages), list[str], "the keys of the dict fetch_pages returned")
    exact(
        {u: v for u, v in pages.items() if u != "bad"}, {u: u.upper() for u in urls if u != "bad"}, "fetch_pages(...)"
    )
    assert type(pages.get("bad")) is ValueError, f"pages['bad'] should be the ValueError, got {show(pages.get('bad'))}."
    assert state["peak"] <= 3, f"With workers=3 and real threads, {state['peak']} fetches ran at once."
    if left:
        exc = AssertionError(
            f"fetch_pages returned while the threads {left} were still alive: close() the pool and join() it."
        )
        exc.grader_diagnosis = {"kind": "leaked_thread", "message": str(exc)}
        raise exc
