# expect: pass
"""A control: asyncio over 127.0.0.1 must keep working in the sandbox (right answers)."""
import asyncio


async def _echo(n):
    async def handle(reader, writer):
        writer.write(await reader.readline())
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"{n}\n".encode())
    await writer.drain()
    value = int(await reader.readline())
    writer.close()
    server.close()
    await server.wait_closed()
    return value


def work(n):
    return 2 * asyncio.run(_echo(n))
