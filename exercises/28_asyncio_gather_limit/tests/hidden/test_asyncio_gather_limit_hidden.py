"""Hidden tests for fetch_all: a real asyncio server on 127.0.0.1, and instrumented stand-ins for fetch().

Each test runs its own event loop with asyncio.run. The concurrency checks replace `fetcher.fetch` with a
coroutine that counts how many requests are running at once: every task that gather() starts runs its first
step in the same loop iteration, before any timer can fire, so the counts do not depend on the machine's speed.
"""

from __future__ import annotations

import asyncio

import fetcher
import pytest

from grader.explorer import Violation
from grader.testing import exact_type
from grader.testing import same
from grader.testing import show

#: Real seconds a whole fetch_all call may take in these tests before it counts as hanging.
HANG = 8.0


def violation(kind, message):
    """A Violation raised straight from a test: the grader reports it as `kind`."""
    return Violation(kind, message)


class FakeFetch:
    """Stands in for fetch(): counts requests in flight; `delays[path]` seconds, None: never answers."""

    def __init__(self, delays):
        self.delays = delays
        self.in_flight = 0
        self.most = 0
        self.started = []

    async def __call__(self, host, port, path):
        self.started.append(path)
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            delay = self.delays.get(path, 0.05)
            if delay is None:
                await asyncio.Event().wait()
            await asyncio.sleep(delay)
            return f"reply to {path}"
        finally:
            self.in_flight -= 1


def run_fetch_all(paths, limit, timeout, fake=None, monkeypatch=None, address=("127.0.0.1", 9)):
    """fetch_all(...) in a fresh loop; a hang past HANG seconds is a `timeout` violation."""
    if fake is not None:
        monkeypatch.setattr(fetcher, "fetch", fake)
    call = f"fetch_all(host, port, {paths!r}, limit={limit}, timeout={timeout})"

    async def main():
        try:
            return await asyncio.wait_for(fetcher.fetch_all(*address, list(paths), limit, timeout), HANG)
        except TimeoutError:
            raise violation(
                "timeout",
                f"{call} had not returned after {HANG} s, although no request may take longer than {timeout} s. "
                "A request that never answers must not hold everything up: wrap each fetch() in "
                "asyncio.wait_for(..., timeout) and put the TimeoutError in its slot.",
            ) from None

    return call, asyncio.run(main())


def shown(results):
    """The results with each TimeoutError as the text "TimeoutError"; anything but a plain list or tuple as it is."""
    if type(results) not in (list, tuple):
        return results
    return ["TimeoutError" if type(r) is TimeoutError else r for r in results]


def check_limit(call, fake, limit, n):
    if fake.most > limit:
        raise violation(
            "over_limit",
            f"{call} ran {fake.most} requests at once; at most {limit} may run at the same time. Take a slot "
            "of one asyncio.Semaphore(limit), shared by all requests, around each fetch().",
        )
    if fake.most < min(limit, n):
        raise violation(
            "serialized",
            f"{call} never ran more than {fake.most} request(s) at a time, though {min(limit, n)} were allowed: "
            "the requests waited for each other. Start them all together (asyncio.gather) and let the "
            "semaphore, not the order of your awaits, hold them back.",
        )


# -- with instrumented fetch() ---------------------------------------------------------------------


@pytest.mark.points(2)
def test_at_most_limit_requests_at_once(monkeypatch):
    for limit, n in ((2, 6), (3, 7), (1, 3)):
        fake = FakeFetch({})
        paths = [f"/p{i}" for i in range(n)]
        call, out = run_fetch_all(paths, limit, 5.0, fake, monkeypatch)
        check_limit(call, fake, limit, n)
        exact_type(fake.started, list[str], f"the paths {call} passed to fetch()")
        assert sorted(fake.started) == sorted(paths), f"{call} fetched {fake.started!r}: each path exactly once."
        assert same(shown(out), [f"reply to {p}" for p in paths]), f"{call} returned {show(shown(out))}."


@pytest.mark.points(1)
def test_limit_larger_than_the_work(monkeypatch):
    fake = FakeFetch({})
    paths = ["/x", "/y", "/z"]
    call, out = run_fetch_all(paths, 10, 5.0, fake, monkeypatch)
    check_limit(call, fake, 10, 3)
    assert same(shown(out), [f"reply to {p}" for p in paths]), f"{call} returned {show(shown(out))}."


@pytest.mark.points(2)
def test_results_keep_the_order_of_paths(monkeypatch):
    delays = {"/slow": 0.4, "/medium": 0.2, "/fast": 0.0}
    paths = ["/slow", "/medium", "/fast", "/slow", "/fast"]
    fake = FakeFetch(delays)
    call, out = run_fetch_all(paths, 5, 5.0, fake, monkeypatch)
    expected = [f"reply to {p}" for p in paths]
    assert same(shown(out), expected), (
        f"{call} returned {show(shown(out))}; expected {expected!r}: the result of paths[i] at index i. "
        "Collecting results as requests finish (as_completed, or appending in each task) gives the order of "
        "completion. asyncio.gather returns them in the order of its arguments."
    )


@pytest.mark.points(2)
def test_a_request_that_never_answers_times_out(monkeypatch):
    fake = FakeFetch({"/hang": None, "/ok": 0.05})
    paths = ["/ok", "/hang", "/ok", "/hang"]
    call, out = run_fetch_all(paths, 2, 0.3, fake, monkeypatch)
    got = shown(out)
    assert same(got, ["reply to /ok", "TimeoutError", "reply to /ok", "TimeoutError"]), (
        f"{call} returned {show(got)}; each '/hang' request never answers, so its slot must hold the TimeoutError "
        "that asyncio.wait_for raised (return the exception object; do not raise it)."
    )
    assert all(type(out[i]) is TimeoutError for i in (1, 3))
    check_limit(call, fake, 2, 4)


@pytest.mark.points(1)
def test_the_timeout_does_not_count_waiting_for_a_slot(monkeypatch):
    # One slot: /fast queues behind /slow (0.8 s), then takes 0.4 s of its own, under its 1.0 s timeout.
    fake = FakeFetch({"/slow": 0.8, "/fast": 0.4})
    call, out = run_fetch_all(["/slow", "/fast"], 1, 1.0, fake, monkeypatch)
    assert same(shown(out), ["reply to /slow", "reply to /fast"]), (
        f"{call} returned {show(shown(out))}; expected both replies. '/fast' takes 0.4 s, well under its 1.0 s "
        "timeout, but it had to wait 0.8 s for the only slot. The timeout covers the request itself: take the "
        "semaphore first, then start asyncio.wait_for(fetch(...), timeout) inside it."
    )


# -- against a real server on 127.0.0.1 -----------------------------------------------------------


class LineServer:
    """A line-protocol server: reads one path, waits `delays[path]` (None: forever), replies, closes."""

    def __init__(self, delays):
        self.delays = delays
        self.in_flight = 0
        self.most = 0
        self.tasks = set()

    async def handle(self, reader, writer):
        self.tasks.add(asyncio.current_task())
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            path = (await reader.readline()).decode().strip()
            delay = self.delays.get(path, 0.05)
            if delay is None:
                await asyncio.Event().wait()
            await asyncio.sleep(delay)
            writer.write(f"hello from {path}\n".encode())
            await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.in_flight -= 1
            writer.close()
            self.tasks.discard(asyncio.current_task())

    async def run(self, client):
        server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        host, port = server.sockets[0].getsockname()[:2]
        try:
            return await client(host, port)
        finally:
            server.close()
            for t in list(self.tasks):
                t.cancel()
            await asyncio.sleep(0)
            await server.wait_closed()


def real_fetch_all(delays, paths, limit, timeout):
    server = LineServer(delays)
    call = f"fetch_all('127.0.0.1', port, {paths!r}, limit={limit}, timeout={timeout})"

    async def client(host, port):
        try:
            return await asyncio.wait_for(fetcher.fetch_all(host, port, list(paths), limit, timeout), HANG)
        except TimeoutError:
            raise violation(
                "timeout",
                f"{call} against a real server on 127.0.0.1 had not returned after {HANG} s. Every request must "
                f"give up after {timeout} s (asyncio.wait_for), whatever the server does.",
            ) from None

    out = asyncio.run(server.run(client))
    if server.most > limit:
        raise violation("over_limit", f"{call}: the server saw {server.most} connections at once (limit {limit}).")
    return call, out


@pytest.mark.points(1)
def test_fetch_talks_to_a_real_server():
    async def main():
        server = LineServer({})
        return await server.run(lambda host, port: fetcher.fetch(host, port, "/hello"))

    got = asyncio.run(main())
    assert same(got, "hello from /hello"), (
        f"fetch(host, port, '/hello') returned {show(got)}; expected the server's reply line without its newline."
    )


@pytest.mark.points(1)
def test_fetch_all_against_a_real_server():
    paths = ["/a", "/b", "/stuck", "/c", "/d"]
    call, out = real_fetch_all({"/a": 0.3, "/b": 0.0, "/stuck": None, "/c": 0.1}, paths, 2, 1.0)
    expected = ["hello from /a", "hello from /b", "TimeoutError", "hello from /c", "hello from /d"]
    assert same(shown(out), expected), f"{call} returned {show(shown(out))}; expected {expected!r}."
