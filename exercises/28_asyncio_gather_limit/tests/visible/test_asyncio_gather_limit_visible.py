"""Visible tests for fetch_all: run them with `grade 28`. The last one uses a real server on 127.0.0.1."""

from __future__ import annotations

import asyncio

import fetcher
import pytest

from grader.testing import same
from grader.testing import show


class CountingFetch:
    """Stands in for fetch(): notes how many requests run at once; '/hang' never answers."""

    def __init__(self):
        self.in_flight = 0
        self.most = 0

    async def __call__(self, host, port, path):
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            if path == "/hang":
                await asyncio.Event().wait()
            await asyncio.sleep(0.05)
            return f"reply to {path}"
        finally:
            self.in_flight -= 1


@pytest.mark.points(1)
def test_limit_and_order(monkeypatch):
    fake = CountingFetch()
    monkeypatch.setattr(fetcher, "fetch", fake)
    paths = ["/a", "/b", "/c", "/d", "/e"]
    out = asyncio.run(asyncio.wait_for(fetcher.fetch_all("127.0.0.1", 9, paths, 2, 5.0), 8))
    assert same(out, [f"reply to {p}" for p in paths]), f"fetch_all returned {show(out)}: one reply per path, in order."
    assert fake.most == 2, f"{fake.most} request(s) ran at once with limit=2: expected exactly 2."


@pytest.mark.points(1)
def test_timeout_slot(monkeypatch):
    monkeypatch.setattr(fetcher, "fetch", CountingFetch())
    try:
        out = asyncio.run(asyncio.wait_for(fetcher.fetch_all("127.0.0.1", 9, ["/a", "/hang"], 2, 0.2), 8))
    except TimeoutError:
        raise AssertionError(
            "fetch_all(..., ['/a', '/hang'], 2, 0.2) was still waiting for '/hang' after 8 s: "
            "give each fetch() its own timeout with asyncio.wait_for."
        ) from None
    ok = type(out) is list and len(out) == 2 and same(out[0], "reply to /a") and type(out[1]) is TimeoutError
    assert ok, (
        f"fetch_all(..., ['/a', '/hang'], 2, 0.2) returned {show(out)}; the '/hang' slot should hold a TimeoutError."
    )


@pytest.mark.points(1)
def test_fetch_from_a_real_server():
    async def main():
        async def handle(reader, writer):
            path = (await reader.readline()).decode().strip()
            writer.write(f"hello from {path}\n".encode())
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        host, port = server.sockets[0].getsockname()[:2]
        async with server:
            return await fetcher.fetch_all(host, port, ["/x", "/y"], 2, 5.0)

    out = asyncio.run(main())
    assert same(out, ["hello from /x", "hello from /y"]), f"fetch_all against a real server returned {show(out)}."
