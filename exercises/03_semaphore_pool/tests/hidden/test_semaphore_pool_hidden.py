"""Hidden tests for the semaphore pool: the limit holds, the pool is really used, order, exceptions."""

from __future__ import annotations

import inspect

import pool
import pytest

from grader.explorer import Violation
from grader.testing import exact
from grader.testing import exact_type
from grader.testing import mismatch
from grader.testing import show

DEFAULT_LIMIT = 5


class Server:
    """A fake server that counts how many handler calls are "connected" at the same time.

    Every call holds its connection for a (virtual) moment with explore.sleep, so the
    other threads get to run meanwhile. The moment more calls are inside than the limit,
    it raises an over_limit Violation; it also keeps it, because fetch_all is expected to
    catch exceptions from handler and would otherwise hide it.
    """

    def __init__(self, explore, limit, where, bad=(), hold=None):
        self._lock = explore.threading.Lock()
        self._sleep = explore.sleep
        self.limit = limit
        self.where = where
        self.bad = set(bad)
        self.hold = hold or (lambda url: 0.01)
        self.active = 0
        self.peak = 0
        self.calls = []
        self.errors = {}
        self.violations = []

    def handler(self, url):
        with self._lock:
            self.active += 1
            self.calls.append(url)
            self.peak = max(self.peak, self.active)
            active = self.active
        if active > self.limit:
            violation = Violation(
                "over_limit",
                f"{active} calls to handler were running at the same time during {self.where}, "
                f"but at most {self.limit} may run at once. Create one "
                "threading.Semaphore(max_connections) inside fetch_all, shared by all the "
                "threads, take a slot before calling handler(url) and give it back after "
                "the call (`with sem:` does both).",
            )
            self.violations.append(violation)
            raise violation
        try:
            if url in self.bad:
                error = ValueError(f"server refused {url}")
                self.errors[url] = error
                raise error
            self._sleep(self.hold(url))
            return "page:" + url
        finally:
            with self._lock:
                self.active -= 1

    def expected(self, urls):
        return [self.errors.get(url) if url in self.bad else "page:" + url for url in urls]

    def check_limit(self):
        if self.violations:
            raise self.violations[0]

    def check_used(self, n_urls):
        wanted = min(self.limit, n_urls)
        if self.peak < wanted:
            raise Violation(
                "serialized",
                f"During {self.where} at most {self.peak} handler call(s) ran at the same "
                f"time, but {wanted} should have: the pool has {self.limit} slots and there "
                "were enough urls to fill them. Give the semaphore max_connections slots "
                "(not 1, and not a Lock), and start all the threads before you join any.",
            )

    def check_calls(self, urls):
        exact_type(self.calls, list[str], f"the urls handler was called with during {self.where}")
        assert sorted(self.calls) == sorted(urls), (
            f"During {self.where} handler was called for {sorted(self.calls)}, "
            f"but it must be called exactly once for every url in {sorted(urls)}."
        )


def _shown(results):
    """results as a message shows them: the server's own exceptions by repr, anything else only if plain."""
    return "[" + ", ".join(repr(item) if type(item) is ValueError else show(item) for item in results) + "]"


def check_results(results, urls, server):
    assert type(results) is list, (
        f"{server.where} returned {show(results)}; it must return a plain list with one result per url."
    )
    expected = server.expected(urls)
    assert len(results) == len(urls), (
        f"{server.where} returned {len(results)} results for {len(urls)} urls: {_shown(results)}. "
        "Did fetch_all return before all the threads had finished? Join them first."
    )
    for index, (got, want) in enumerate(zip(results, expected, strict=True)):
        if isinstance(want, BaseException):
            assert got is want, (
                f"handler({urls[index]!r}) raised {want!r}, so results[{index}] must be that "
                f"exception object itself, but it is {show(got)}. Catch the exception around the "
                "handler call and store it at the url's position."
            )
        elif mismatch(got, want) is not None:
            in_other_order = sorted(map(_shown, ([r] for r in results))) == sorted(map(_shown, ([e] for e in expected)))
            if in_other_order:
                advice = (
                    "The results are all there but in the order the calls finished: store each "
                    "result at its url's index (results[index] = ...), do not append them."
                )
            else:
                advice = (
                    f"results[{index}] should be {want!r} (the result of handler({urls[index]!r})) but is {show(got)}."
                )
            raise AssertionError(f"{server.where} returned {_shown(results)}, expected {_shown(expected)}. {advice}")


def fetch(explore, mod, n_urls, limit=None, **server_options):
    """Run fetch_all on a fake server inside a schedule; return (urls, results, server)."""
    urls = [f"url{i}" for i in range(n_urls)]
    if limit is None:
        where = f"fetch_all({n_urls} urls) with the default max_connections"
        server = Server(explore, DEFAULT_LIMIT, where, **server_options)
        results = mod.fetch_all(urls, server.handler)
    else:
        where = f"fetch_all({n_urls} urls, max_connections={limit})"
        server = Server(explore, limit, where, **server_options)
        results = mod.fetch_all(urls, server.handler, max_connections=limit)
    return urls, results, server


@pytest.mark.points(1)
def test_module_api():
    assert exact_type(getattr(pool, "MAX_CONNECTIONS", None), int | None, "pool.MAX_CONNECTIONS") == 5, (
        "pool.MAX_CONNECTIONS must be 5 (the server accepts five connections)."
    )
    assert callable(getattr(pool, "fetch_all", None)), "pool.py must define fetch_all(urls, handler, ...)."
    params = inspect.signature(pool.fetch_all).parameters
    assert list(params)[:3] == ["urls", "handler", "max_connections"], (
        f"fetch_all must take (urls, handler, max_connections=MAX_CONNECTIONS), found ({', '.join(params)})."
    )
    default = exact_type(params["max_connections"].default, object, "the default of max_connections")
    assert default == 5, "max_connections must default to MAX_CONNECTIONS (5)."


@pytest.mark.points(1)
def test_no_urls_returns_an_empty_list():
    exact(pool.fetch_all([], len), [], "fetch_all([], handler)", hint="It must return an empty list.")


@pytest.mark.points(1)
def test_returns_handler_results_in_url_order(explore):
    def scenario(mod):
        urls = [f"https://example.com/{'x' * i}" for i in range(6)]
        exact(
            mod.fetch_all(urls, len, max_connections=3),
            [len(url) for url in urls],
            "fetch_all(urls, len, max_connections=3)",
            hint="Expected handler(url) for each url, in url order.",
        )

    explore(scenario, module="pool")


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("limit", "n_urls"), [(1, 3), (2, 5), (3, 5), (None, 7)], ids=["1-of-3", "2-of-5", "3-of-5", "default-of-7"]
)
def test_never_more_connections_than_the_limit(explore, limit, n_urls):
    def scenario(mod):
        urls, results, server = fetch(explore, mod, n_urls, limit)
        server.check_limit()
        check_results(results, urls, server)
        server.check_calls(urls)

    explore(scenario, module="pool")


@pytest.mark.points(2)
@pytest.mark.parametrize(("limit", "n_urls"), [(2, 5), (3, 4), (None, 6)], ids=["2-of-5", "3-of-4", "default-of-6"])
def test_all_slots_are_used(explore, limit, n_urls):
    def scenario(mod):
        urls, results, server = fetch(explore, mod, n_urls, limit)
        server.check_limit()
        server.check_used(n_urls)
        check_results(results, urls, server)

    explore(scenario, module="pool")


@pytest.mark.points(1)
@pytest.mark.parametrize(("limit", "n_urls"), [(None, 3), (None, 0), (4, 1)], ids=["3-urls", "no-urls", "1-url"])
def test_fewer_urls_than_slots(explore, limit, n_urls):
    def scenario(mod):
        urls, results, server = fetch(explore, mod, n_urls, limit)
        server.check_limit()
        check_results(results, urls, server)
        server.check_used(n_urls)

    explore(scenario, module="pool")


@pytest.mark.points(2)
def test_results_in_url_order_when_later_urls_finish_first(explore):
    def scenario(mod):
        # url0 holds its connection longest, url3 the shortest: they finish in reverse order.
        urls, results, server = fetch(explore, mod, 4, 2, hold=lambda url: 0.01 * (5 - int(url[3:])))
        server.check_limit()
        check_results(results, urls, server)

    explore(scenario, module="pool")


@pytest.mark.points(2)
def test_exception_becomes_the_result(explore):
    def scenario(mod):
        urls, results, server = fetch(explore, mod, 4, 3, bad={"url1"})
        server.check_limit()
        check_results(results, urls, server)
        server.check_calls(urls)

    explore(scenario, module="pool")


@pytest.mark.points(3)
def test_failed_calls_give_their_slot_back(explore):
    def scenario(mod):
        # Three calls fail at once; if a failure keeps its slot, the pool of 2 is used up
        # and the other urls are never served.
        urls, results, server = fetch(explore, mod, 6, 2, bad={"url0", "url2", "url4"})
        server.check_limit()
        check_results(results, urls, server)
        server.check_calls(urls)

    explore(scenario, module="pool")


@pytest.mark.points(2)
def test_a_failed_call_frees_the_only_slot(explore):
    def scenario(mod):
        # With a single slot, one failure that keeps its slot blocks every other url.
        urls, results, server = fetch(explore, mod, 3, 1, bad={"url0"})
        server.check_limit()
        check_results(results, urls, server)
        server.check_calls(urls)

    explore(scenario, module="pool")
