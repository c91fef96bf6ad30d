"""Fetch many paths from a server with asyncio: at most `limit` connections at once, each with a timeout.

The tutorial crawls 50 pages with asyncio and aiohttp, all at once. Real
crawlers limit how many connections they open together, and give up on a
page that does not answer. Here the server is a tiny line protocol on
127.0.0.1: send a path and a newline, read one line back. fetch() does one
request; fetch_all() is yours to make concurrent, limited and timed.
"""

from __future__ import annotations

import asyncio


async def fetch(host, port, path):
    """One request: connect, send `path` and a newline, read the one-line reply, close; return the reply."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(path.encode() + b"\n")
        await writer.drain()
        line = await reader.readline()
        return line.decode().rstrip("\n")
    finally:
        # Runs on success, on error, and when wait_for() cancels us after a timeout.
        writer.close()


async def fetch_all(host, port, paths, limit, timeout):
    """Fetch every path; results in the order of `paths`, a TimeoutError in the slot of a request that timed out."""
    # TODO: run the requests concurrently (asyncio.gather), at most `limit` at a
    # time (one asyncio.Semaphore shared by all of them), each fetch() limited to
    # `timeout` seconds (asyncio.wait_for) once it has its slot. A request that
    # times out gets the TimeoutError object in its slot instead of a reply.
    results = []
    for path in paths:
        results.append(await fetch(host, port, path))
    return results


if __name__ == "__main__":

    async def demo():
        async def handle(reader, writer):
            path = (await reader.readline()).decode().strip()
            await asyncio.sleep(0.5 if path == "/slow" else 0.1)
            writer.write(f"you asked for {path}\n".encode())
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        host, port = server.sockets[0].getsockname()[:2]
        async with server:
            print(await fetch_all(host, port, ["/a", "/slow", "/b", "/c"], limit=2, timeout=0.3))
            await asyncio.sleep(0.3)  # let the slow handler finish before the server closes

    asyncio.run(demo())
