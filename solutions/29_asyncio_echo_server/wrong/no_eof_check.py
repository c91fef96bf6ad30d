# expect: serialized|timeout|wrong_result
"""Never checks for EOF: at the end, readline() returns b'' at once, forever, and the loop spins in this task."""

from __future__ import annotations

import asyncio


async def handle(reader, writer):
    while True:
        line = await reader.readline()
        writer.write(line)


async def start_server(host, port):
    return await asyncio.start_server(handle, host, port)
