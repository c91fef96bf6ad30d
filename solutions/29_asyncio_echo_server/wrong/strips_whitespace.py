# expect: wrong_result
"""Tidies each line before echoing it (decode, strip(), a fresh b"\\n"): spaces, tabs and b"\\r\\n" endings are lost."""

from __future__ import annotations

import asyncio


async def handle(reader, writer):
    try:
        while line := await reader.readline():
            text = line.decode("utf-8").strip()
            writer.write(text.encode("utf-8") + b"\n")
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def start_server(host, port):
    return await asyncio.start_server(handle, host, port)
