"""An asyncio echo server: every client gets its lines back, many clients at once, in one thread.

The tutorial's gevent server spawns a greenlet per connection and calls
conn.recv() / conn.send(), which only works once monkey.patch_all() has made
those calls cooperative. asyncio makes the switching explicit: a handler
`await`s the reader and the writer, and while one client is quiet the event
loop serves the others. One blocking call (time.sleep, a blocking socket, a
loop that never awaits) stops every client at once.
"""

from __future__ import annotations

import asyncio


async def handle(reader, writer):
    """Serve one client: echo each line until it closes its side, then close ours."""
    # TODO: echo every line back (readline, write, drain) until the client
    # closes its side: then readline() returns b"". Then close the writer
    # (writer.close(), and await writer.wait_closed()).
    line = await reader.readline()
    writer.write(line)


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
