"""`limit` worker tasks take indices from a queue and write each result into its own slot."""

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
    results = [None] * len(paths)
    todo = asyncio.Queue()
    for i, path in enumerate(paths):
        todo.put_nowait((i, path))

    async def worker():
        while True:
            try:
                i, path = todo.get_nowait()
            except asyncio.QueueEmpty:
                return
            try:
                results[i] = await asyncio.wait_for(fetch(host, port, path), timeout)
            except TimeoutError as exc:
                results[i] = exc

    await asyncio.gather(*(worker() for _ in range(min(limit, len(paths)))))
    return results
