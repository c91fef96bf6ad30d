# expect: wrong_result
"""Echoes correctly, but never closes its side: the client waits forever for the end of the conversation."""

from __future__ import annotations

import asyncio


async def handle(reader, writer):
    while line := await reader.readline():
        writer.write(line)
        await writer.drain()


async def start_server(host, port):
    return await asyncio.start_server(handle, host, port)
