"""Visible tests for the asyncio echo server: run them with `grade 29`.

The server runs in a thread with its own event loop on 127.0.0.1; the clients are plain sockets with timeouts,
so a server that blocks its own loop shows up as a client waiting in vain, not as a frozen test.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading

import echo_server
import pytest

WAIT = 5.0


@contextlib.contextmanager
def running_server():
    loop = asyncio.new_event_loop()
    box = {}
    ready = threading.Event()

    def main():
        asyncio.set_event_loop(loop)
        try:
            box["server"] = loop.run_until_complete(echo_server.start_server("127.0.0.1", 0))
        except BaseException as exc:
            box["error"] = exc
        ready.set()
        if "server" in box:
            loop.run_forever()

    threading.Thread(target=main, daemon=True).start()
    assert ready.wait(WAIT), "start_server('127.0.0.1', 0) did not return."
    if "error" in box:
        raise box["error"]
    server = box["server"]
    try:
        yield server.sockets[0].getsockname()[:2]
    finally:

        async def shutdown():
            server.close()
            for t in asyncio.all_tasks():
                if t is not asyncio.current_task():
                    t.cancel()

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(WAIT)
            loop.call_soon_threadsafe(loop.stop)


def echo(conn, line, what):
    conn.sendall(line)
    got = b""
    try:
        while len(got) < len(line) and (chunk := conn.recv(4096)):
            got += chunk
    except TimeoutError:
        raise AssertionError(f"{what}: no echo of {line!r} after {WAIT} s (got {got!r}).") from None
    assert got == line, f"{what}: sent {line!r}, got back {got!r}."


@pytest.mark.points(1)
def test_one_client():
    with running_server() as address, socket.create_connection(address, timeout=WAIT) as conn:
        echo(conn, b"hello\n", "One client")
        echo(conn, b"world\n", "One client")
        conn.shutdown(socket.SHUT_WR)
        try:
            rest = conn.recv(4096)
        except TimeoutError:
            raise AssertionError(
                "After the client closed its side, the server did not close the connection: "
                "on EOF (readline() returns b''), leave the loop and call writer.close()."
            ) from None
        assert rest == b"", f"After the client closed its side, the server sent {rest!r}."


@pytest.mark.points(1)
def test_two_clients_at_once():
    with running_server() as address:
        with socket.create_connection(address, timeout=WAIT) as first:
            first.sendall(b"I am quiet")  # no newline: its handler waits for the rest of the line
            with socket.create_connection(address, timeout=WAIT) as second:
                echo(second, b"me too\n", "A second client while the first one was quiet")
