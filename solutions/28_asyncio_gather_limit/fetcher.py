"""Fetch many paths from a line-protocol server concurrently: at most `limit` at once, each with a timeout."""

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
    slots = asyncio.Semaphore(limit)

    async def one(path):
        # Wait for a free slot first: the timeout covers the request itself,
        # not the time spent queueing behind other requests.
        async with slots:
            try:
                return await asyncio.wait_for(fetch(host, port, path), timeout)
            except TimeoutError as exc:
                return exc

    # gather() runs them all at once (the semaphore keeps `limit` in flight)
    # and returns the results in the order of its arguments, not of completion.
    return await asyncio.gather(*(one(p) for p in paths))


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
