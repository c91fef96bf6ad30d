"""Echo raw chunks as they arrive (a line may come in pieces) and close the writer in a finally."""

from __future__ import annotations

import asyncio


async def echo(reader, writer):
    try:
        while data := await reader.read(4096):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()


async def start_server(host, port):
    server = await asyncio.start_server(echo, host=host, port=port, reuse_address=True)
    await server.start_serving()
    return server
