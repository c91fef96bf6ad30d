"""Visible tests for the duplex pipe: run them with `grade 18` while you work."""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

import echo_pipe
import pytest

from grader.realproc import HangGuard
from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pipe_jobs_visible as jobs  # importable by name in the children

HANG_LIMIT = 8.0  # seconds at most
IDLE = 1.5  # seconds in which nothing ran in any process: a hang


class Hang(Exception):
    pass


@pytest.fixture(autouse=True)
def no_children_left_behind():
    yield
    for p in multiprocessing.active_children():
        p.terminate()
    for p in multiprocessing.active_children():
        p.join(2)
        if p.is_alive():
            p.kill()
            p.join(2)


def as_list(replies):
    """What talk() returned as a list, if it is a plain list or tuple; anything else as it is (same() rejects it)."""
    return list(replies) if type(replies) in (list, tuple) else replies


def guarded(call, where):
    """call(), stopped (its processes killed) once it hangs: nothing ran for IDLE s, or HANG_LIMIT s passed."""
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as guard:
        result = call()
    assert not guard.fired, f"{where} was stuck ({guard.how}): is every unused end of the pipe closed?"
    return result


@pytest.mark.points(1)
def test_talk():
    replies = guarded(lambda: echo_pipe.talk(["hello", "World"]), "talk(['hello', 'World'])")
    assert same(as_list(replies), ["HELLO", "WORLD"]), f"talk(['hello', 'World']) returned {show(replies)}."
    assert not multiprocessing.active_children(), "talk() left the server process running: hang up and join it."


@pytest.mark.points(1)
def test_server_returns_at_eof():
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.Process(target=jobs.close_then_serve, args=(echo_pipe.server, theirs, ours))
    child.start()
    theirs.close()

    def exchange():
        ours.send("hi")
        reply = ours.recv()
        ours.close()
        child.join()
        return reply

    reply = guarded(exchange, "server(conn) after the other end was closed")
    assert same(reply, "HI"), f"server answered {show(reply)} to 'hi'."
    assert child.exitcode == 0, f"server ended with exit code {child.exitcode}: catch EOFError and return."


@pytest.mark.points(1)
def test_talk_stops_when_the_server_hangs_up():
    replies = guarded(lambda: echo_pipe.talk(["a"], jobs.hang_up_after_first), "talk(['a'], a server that hangs up)")
    assert same(as_list(replies), []), f"talk(['a'], serve) returned {show(replies)}; the server never answered."
