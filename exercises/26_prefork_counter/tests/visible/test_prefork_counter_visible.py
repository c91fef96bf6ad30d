"""Visible tests for the pre-forked counter: run them with `grade 26`. They start real workers on 127.0.0.1."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket

import prefork_counter
import pytest

from grader.testing import same
from grader.testing import show

REPLY_TIMEOUT = 8
_started = []


@pytest.fixture(autouse=True)
def no_workers_left_behind():
    yield
    for server in _started:
        for pid in getattr(server, "pids", []):
            with contextlib.suppress(OSError, TypeError):
                os.kill(pid, signal.SIGKILL)
    _started.clear()
    for p in multiprocessing.active_children():
        p.kill()
        p.join(2)


def get(conn, path):
    """Send one GET on an open connection and return the reply's body."""
    conn.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
    chunks = []
    while chunk := conn.recv(4096):
        chunks.append(chunk)
    return b"".join(chunks).decode("latin-1").partition("\r\n\r\n")[2]


@pytest.mark.points(1)
def test_handle_in_one_process():
    counter = prefork_counter.make_counter()
    for _ in range(3):
        prefork_counter.handle("/count", counter)
    total = prefork_counter.handle("/total", counter)
    assert same(total, "3"), (
        f"After handle('/count', counter) three times, handle('/total', counter) returned {show(total)}."
    )


@pytest.mark.points(2)
def test_total_adds_up_across_two_workers():
    server = prefork_counter.PreforkServer(workers=2)
    _started.append(server)
    server.start()
    address = tuple(server.address)
    for _ in range(10):
        # Two connections open at once: a worker serves one connection at a time,
        # so while the first waits, the second is served by the other worker.
        first = socket.create_connection(address, timeout=REPLY_TIMEOUT)
        second = socket.create_connection(address, timeout=REPLY_TIMEOUT)
        with first, second:
            get(second, "/count")
            get(first, "/count")
    with socket.create_connection(address, timeout=REPLY_TIMEOUT) as conn:
        total = get(conn, "/total")
    server.stop()
    assert total == "20", (
        f"20 hits, 10 on each worker, yet GET /total answered {total!r}. A module-level variable is copied "
        "into every forked worker, which then counts alone: share one counter made by make_counter()."
    )
