# expect: wrong_result
"""Answers one line and hangs up, like a request/response server, instead of echoing until the client closes."""

from __future__ import annotations

import asyncio


async def handle(reader, writer):
    line = await reader.readline()
    writer.write(line)
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def start_server(host, port):
    return await asyncio.start_server(handle, host, port)
