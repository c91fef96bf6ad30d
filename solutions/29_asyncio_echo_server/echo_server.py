"""An asyncio echo server: every client gets its lines back, many clients at once, in one thread."""

from __future__ import annotations

import asyncio


async def handle(reader, writer):
    """Serve one client: echo each line until it closes its side, then close ours."""
    try:
        while True:
            line = await reader.readline()  # suspends this client only; the loop serves the others
            if not line:  # b"": the client has closed its side (EOF)
                break
            writer.write(line)
            await writer.drain()
    except ConnectionError:
        pass  # the client went away mid-line: nothing left to answer
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except ConnectionError:
            pass


async def start_server(host, port):
    """Start listening on (host, port) and return the asyncio.Server; each client gets its own handle() task."""
    return await asyncio.start_server(handle, host, port)


if __name__ == "__main__":

    async def main():
        server = await start_server("127.0.0.1", 0)
        host, port = server.sockets[0].getsockname()[:2]
        print(f"echoing on {host}:{port}; try: nc {host} {port}")
        async with server:
            await server.serve_forever()

    asyncio.run(main())
