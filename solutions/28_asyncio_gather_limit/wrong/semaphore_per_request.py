# expect: over_limit
"""A new Semaphore(limit) for every request: each one has a free slot, so nothing is limited."""

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
    async def one(path):
        async with asyncio.Semaphore(limit):
            try:
                return await asyncio.wait_for(fetch(host, port, path), timeout)
            except TimeoutError as exc:
                return exc

    return await asyncio.gather(*(one(p) for p in paths))
