# expect: serialized
"""Awaiting each request before starting the next: correct results, but no concurrency at all."""

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
    results = []
    for path in paths:
        try:
            results.append(await asyncio.wait_for(fetch(host, port, path), timeout))
        except TimeoutError as exc:
            results.append(exc)
    return results
