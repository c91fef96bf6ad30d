# expect: serialized|timeout
"""The seed's gevent handler without monkey-patching: a blocking recv() freezes the whole event loop."""

from __future__ import annotations

import asyncio
import os
import socket


async def handle(reader, writer):
    conn = socket.socket(fileno=os.dup(writer.get_extra_info("socket").fileno()))
    conn.setblocking(True)
    with conn:
        while data := conn.recv(1024):  # blocks the one thread that runs every client
            conn.sendall(data)
    writer.close()


async def start_server(host, port):
    return await asyncio.start_server(handle, host, port)
