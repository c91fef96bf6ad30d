# expect: serialized
"""A lock held for the whole conversation: the second client waits until the first one leaves."""

from __future__ import annotations

import asyncio


async def start_server(host, port):
    busy = asyncio.Lock()

    async def handle(reader, writer):
        async with busy:
            while line := await reader.readline():
                writer.write(line)
                await writer.drain()
            writer.close()

    return await asyncio.start_server(handle, host, port)
