"""Hidden tests for the asyncio echo server: it runs in its own thread and event loop on 127.0.0.1; the
clients are plain blocking sockets with generous timeouts, so a server that blocks its loop cannot block them.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading

import echo_server
import pytest

from grader.explorer import Violation

#: Seconds a client waits for an echo: a healthy server answers in milliseconds.
WAIT = 5.0


def violation(kind, message):
    """A Violation raised straight from a test: the grader reports it as `kind`."""
    return Violation(kind, message)


class Running:
    """echo_server.start_server('127.0.0.1', 0) in a thread of its own, with its own event loop."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.error = None
        self.server = None
        self.thread = threading.Thread(target=self._main, name="echo-server-loop", daemon=True)

    def _main(self):
        asyncio.set_event_loop(self.loop)
        try:
            self.server = self.loop.run_until_complete(echo_server.start_server("127.0.0.1", 0))
        except BaseException as exc:  # reported in the test's thread
            self.error = exc
            self.ready.set()
            return
        self.ready.set()
        self.loop.run_forever()

    def __enter__(self):
        self.thread.start()
        if not self.ready.wait(WAIT):
            raise violation("timeout", f"start_server('127.0.0.1', 0) had not returned after {WAIT} s.")
        if self.error is not None:
            raise self.error
        assert issubclass(type(self.server), asyncio.AbstractServer), (  # type(): a __class__ property cannot fake it
            f"start_server('127.0.0.1', 0) returned {self.server!r}; it should return the asyncio.Server "
            "that asyncio.start_server() gives you (await it)."
        )
        assert self.server.sockets, "The server returned by start_server() has no listening socket."
        self.address = self.server.sockets[0].getsockname()[:2]
        return self

    def __exit__(self, *exc):
        async def shutdown():
            self.server.close()
            await self.server.wait_closed()
            me = asyncio.current_task()
            others = [t for t in asyncio.all_tasks() if t is not me]
            for t in others:
                t.cancel()
            await asyncio.gather(*others, return_exceptions=True)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(WAIT)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(WAIT)

    def connect(self):
        return socket.create_connection(self.address, timeout=WAIT)


def read_exactly(conn, n, what):
    data = b""
    while len(data) < n:
        try:
            chunk = conn.recv(n - len(data))
        except TimeoutError:
            raise violation(
                "serialized",
                f"{what}: no echo after {WAIT} s (got {data!r} so far). While this client waited, another client "
                "was connected and quiet: a server that handles one client at a time, or blocks its event loop "
                "(time.sleep, a blocking socket call, a loop that never awaits), serves nobody else meanwhile.",
            ) from None
        if not chunk:
            break
        data += chunk
    return data


def echo_round(conn, line, what):
    conn.sendall(line)
    got = read_exactly(conn, len(line), what)
    assert got == line, f"{what}: sent {line!r}, the server answered {got!r}; it should echo every line unchanged."


def read_to_eof(conn, what):
    data = b""
    while True:
        try:
            chunk = conn.recv(4096)
        except TimeoutError:
            raise AssertionError(
                f"{what}: the client closed its side, but after {WAIT} s the server had still not closed the "
                f"connection (got {data!r}). When readline() returns b'' the client is done: leave the loop and "
                "call writer.close() (then await writer.wait_closed())."
            ) from None
        if not chunk:
            return data
        data += chunk


# -- one client ------------------------------------------------------------------------------------


@pytest.mark.points(1)
def test_echoes_several_lines_to_one_client():
    with Running() as server, server.connect() as conn:
        for line in (b"hello\n", b"second line\n", b"\n", "你好\n".encode()):
            echo_round(conn, line, "One client")


@pytest.mark.points(1)
def test_a_line_in_pieces_and_several_lines_at_once():
    with Running() as server, server.connect() as conn:
        conn.sendall(b"hel")
        conn.sendall(b"lo\nworld\nagain\n")
        got = read_exactly(conn, len(b"hello\nworld\nagain\n"), "Lines sent in pieces")
        assert got == b"hello\nworld\nagain\n", (
            f"Sent 'hel', then 'lo\\nworld\\nagain\\n'; the server answered {got!r}."
        )


@pytest.mark.points(2)
def test_closes_the_connection_when_the_client_is_done():
    with Running() as server, server.connect() as conn:
        conn.sendall(b"one\ntwo\n")
        conn.shutdown(socket.SHUT_WR)
        rest = read_to_eof(conn, "After sending two lines")
        assert rest == b"one\ntwo\n", f"Sent 'one\\ntwo\\n' and closed; the server answered {rest!r} before closing."


#: Lines whose bytes an echo that strips, decodes or rewrites line endings would change.
EXACT_LINES = (
    b"  two leading spaces\n",
    b"trailing spaces and a tab  \t\n",
    b"\t\ttwo leading tabs\n",
    b"a Windows line ending\r\n",
    b"  \t \r\n",
    b"\n",
    b"\n",
    b"\r\n",
    "non-ASCII: café, 你好, \u00a0no-break spaces\u00a0, 😀\n".encode(),
    "\u3000ideographic spaces\u3000\n".encode(),
    b"a carriage\rreturn and a\x0bvertical tab inside\x0c\n",
)


def split_lines(data):
    """data cut after every b"\n" (the last piece may lack one), keeping the bytes exactly."""
    lines = [line + b"\n" for line in data.split(b"\n")]
    lines[-1] = lines[-1][:-1]
    return [line for line in lines if line]


def check_exact_echo(sent_lines, got, what):
    sent = b"".join(sent_lines)
    if got == sent:
        return
    got_lines = split_lines(got)
    for i, line in enumerate(sent_lines):
        answer = got_lines[i] if i < len(got_lines) else None
        if answer != line:
            said = "nothing more" if answer is None else repr(answer)
            problem = f"the client sent the line {line!r} and the server answered {said}"
            break
    else:
        problem = f"the server answered {got[len(sent) :]!r} more than the client sent"
    raise AssertionError(
        f"{what}: {problem} (all it answered: {got!r}). "
        "An echo returns exactly the bytes it received: spaces, tabs, b'\\r\\n' line endings, empty lines and "
        "non-ASCII bytes included. Write back the line readline() gave you as it is: no strip(), no decoding "
        "and re-encoding, no new line ending."
    )


@pytest.mark.points(2)
def test_echoes_exactly_the_bytes_received():
    data = b"".join(EXACT_LINES)
    with Running() as server, server.connect() as conn:
        # In pieces that split a b"\r\n" and a multi-byte character, then the rest at once.
        cut = data.index(b"\r\n") + 1
        wide = data.index("你".encode()) + 1
        for piece in (data[:cut], data[cut:wide], data[wide:]):
            conn.sendall(piece)
        conn.shutdown(socket.SHUT_WR)
        got = read_to_eof(conn, "After sending lines with spaces, tabs, b'\\r\\n' and non-ASCII bytes")
    check_exact_echo(EXACT_LINES, got, "Lines with spaces, tabs, b'\\r\\n' and non-ASCII bytes")


@pytest.mark.points(1)
def test_a_last_line_without_a_newline_is_echoed_too():
    lines = (b"a line\n", b"  the end, without a newline \t")
    with Running() as server, server.connect() as conn:
        conn.sendall(b"".join(lines))
        conn.shutdown(socket.SHUT_WR)
        got = read_to_eof(conn, "After a last line without b'\\n'")
    check_exact_echo(
        lines,
        got,
        "A client that closed its side after a last line without b'\\n' (readline() returns that piece before b'')",
    )


# -- many clients ----------------------------------------------------------------------------------


@pytest.mark.points(2)
def test_fifty_clients_at_once():
    with Running() as server:
        conns = [server.connect() for _ in range(50)]
        try:
            # Every client is connected before any of them speaks; they take turns sending one line each.
            for rnd in range(3):
                for i, conn in enumerate(conns):
                    conn.sendall(f"client {i} round {rnd}\n".encode())
                for i, conn in enumerate(conns):
                    line = f"client {i} round {rnd}\n".encode()
                    got = read_exactly(conn, len(line), f"Client {i} of 50 connected at once, round {rnd}")
                    assert got == line, f"Client {i} of 50 sent {line!r} and got back {got!r}."
            for conn in conns:
                conn.shutdown(socket.SHUT_WR)
            for i, conn in enumerate(conns):
                assert read_to_eof(conn, f"Client {i} of 50") == b""
        finally:
            for conn in conns:
                conn.close()


@pytest.mark.points(2)
def test_a_quiet_client_does_not_block_the_others():
    with Running() as server, server.connect() as quiet:
        quiet.sendall(b"half a li")  # no newline yet: its handler waits for the rest
        for i in range(3):
            with server.connect() as other:
                echo_round(other, f"others are served {i}\n".encode(), "A second client, while a first one was quiet")
                other.shutdown(socket.SHUT_WR)
                read_to_eof(other, "A second client")
        quiet.sendall(b"ne\n")
        got = read_exactly(quiet, len(b"half a line\n"), "The quiet client, once it finished its line")
        assert got == b"half a line\n", f"The quiet client sent 'half a li' + 'ne\\n' and got back {got!r}."


@pytest.mark.points(1)
def test_clients_that_leave_early_do_not_break_the_server():
    with Running() as server:
        for _ in range(5):
            conn = server.connect()
            conn.sendall(b"bye")
            conn.close()
        with server.connect() as conn:
            echo_round(conn, b"still here\n", "A client after five clients hung up mid-line")


@pytest.mark.points(1)
def test_the_server_can_be_closed():
    with Running() as server:
        with server.connect() as conn:
            echo_round(conn, b"before\n", "Before closing")
        address = server.address
    with pytest.raises(OSError):
        socket.create_connection(address, timeout=2).close()
