# expect: wrong_result
"""Cuts off the line ending and writes a b"\\n" of its own: b"\\r\\n" comes back as b"\\n", a last line without one gains one."""

from __future__ import annotations

import asyncio


async def handle(reader, writer):
    try:
        while line := await reader.readline():
            writer.write(line.rstrip(b"\r\n") + b"\n")
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()
        await writer.wait_closed()


async def start_server(host, port):
    return await asyncio.start_server(handle, host, port)
