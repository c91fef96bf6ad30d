"""Python 3.11's TaskGroup and asyncio.timeout(), with the semaphore taken before the deadline starts."""

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
    gate = asyncio.BoundedSemaphore(limit)

    async def guarded(path):
        await gate.acquire()
        try:
            async with asyncio.timeout(timeout):
                return await fetch(host, port, path)
        except TimeoutError as exc:
            return exc
        finally:
            gate.release()

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(guarded(p)) for p in paths]
    return [t.result() for t in tasks]
