"""The low-level way: an asyncio.Protocol whose data_received echoes complete lines as they arrive."""

from __future__ import annotations

import asyncio


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.pending = b""

    def data_received(self, data):
        self.pending += data
        *lines, self.pending = self.pending.split(b"\n")
        for line in lines:
            self.transport.write(line + b"\n")

    def eof_received(self):
        if self.pending:
            self.transport.write(self.pending)
        self.transport.close()
        return False


async def start_server(host, port):
    loop = asyncio.get_running_loop()
    return await loop.create_server(Echo, host, port)
