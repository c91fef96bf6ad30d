"""Hidden tests for the duplex pipe: replies in order, EOF seen on both sides, nothing stuck or left running."""

from __future__ import annotations

import functools
import multiprocessing
import sys
from pathlib import Path

import echo_pipe
import pytest

from grader.explorer import Violation
from grader.realproc import HangGuard
from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pipe_jobs_hidden as jobs  # importable by name in the children

HANG_LIMIT = 8.0  # seconds at most; a correct call here takes a fraction of a second
IDLE = 1.5  # seconds in which nothing runs: a hang (nothing here sleeps by design)


def violation(kind, message):
    """A Violation the grader reports as `kind` outside explore() too."""
    exc = Violation(kind, message)
    exc.grader_diagnosis = {"kind": kind, "message": message}
    return exc


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


class Hang(Exception):
    """Raised in the main thread by the watchdog's signal: the learner's call was stuck."""


def as_list(replies):
    """What talk() returned as a list, if it is a plain list or tuple; anything else as it is (same() rejects it)."""
    return list(replies) if type(replies) in (list, tuple) else replies


def talk(messages, where, serve=None, stuck=""):
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as dog:
        replies = echo_pipe.talk(messages) if serve is None else echo_pipe.talk(messages, serve)
    if dog.fired:
        raise violation("timeout", f"{where} was stuck ({dog.how}). {stuck}")
    running = multiprocessing.active_children()
    if running:
        raise violation(
            "leaked_process",
            f"{where} returned while the server process was still running. Hang up (close the parent's end) so "
            "that the server's recv() raises EOFError and it returns, then join() it.",
        )
    return replies


SERVER_NEVER_ENDS = (
    "The server never got EOFError, so it never ended and join() waited for ever. recv() reports EOF only once "
    "the other end is closed in every process that holds a copy of it: the parent must close its end when it "
    "has finished talking, and the child, which inherited a copy of the parent's end when it was forked, must "
    "close that copy before serving."
)
PARENT_NEVER_SEES_EOF = (
    "The server hung up after the first message, yet the parent's recv() never raised EOFError. The parent still "
    "holds its own copy of the child's end: close it right after starting the child, and stop at EOFError."
)


@pytest.mark.points(1)
def test_module_api():
    for name in ("server", "talk"):
        assert callable(getattr(echo_pipe, name, None)), f"echo_pipe.py must define a function {name}."
    replies = talk([], "talk([])", stuck=SERVER_NEVER_ENDS)
    assert same(as_list(replies), []), f"talk([]) must return [], got {show(replies)}."


@pytest.mark.points(2)
def test_server_answers_until_eof():
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.Process(target=jobs.close_then_serve, args=(echo_pipe.server, theirs, ours))
    child.start()
    theirs.close()
    where = "server(conn) in a child, sent 'hi', 'MiXed 1', '' and then the other end closed"
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as dog:
        replies = []
        for message in ["hi", "MiXed 1", ""]:
            ours.send(message)
            replies.append(ours.recv())
        ours.close()
        child.join()
    if dog.fired:
        raise violation(
            "timeout",
            f"{where}: the server never ended ({dog.how}). When recv() raises EOFError the other "
            "side has hung up: leave the loop and return.",
        )
    assert same(replies, ["HI", "MIXED 1", ""]), (
        f"{where}: the server answered {show(replies)}, expected ['HI', 'MIXED 1', '']."
    )
    assert child.exitcode == 0, (
        f"{where}: the server process ended with exit code {child.exitcode}, expected 0. An uncaught EOFError "
        "gives exit code 1: catch it around recv(), close conn and return."
    )


@pytest.mark.points(2)
def test_talk_returns_the_replies_in_order():
    messages = ["hello", "World", "", "third 3"]
    replies = talk(messages, f"talk({messages!r})", stuck=SERVER_NEVER_ENDS)
    assert same(as_list(replies), ["HELLO", "WORLD", "", "THIRD 3"]), (
        f"talk({messages!r}) returned {show(replies)}, expected ['HELLO', 'WORLD', '', 'THIRD 3']."
    )


@pytest.mark.points(1)
def test_talk_with_many_messages():
    messages = [f"message {i}" for i in range(200)]
    replies = talk(messages, "talk([200 messages])", stuck=SERVER_NEVER_ENDS)
    assert same(as_list(replies), [m.upper() for m in messages]), (
        "talk([200 messages]) did not return the 200 uppercase replies in order."
    )


@pytest.mark.points(2)
def test_talk_ends_the_server_it_starts():
    # A server of the tests' own that returns at EOF: only the parent side of talk() is tested here.
    replies = talk(["x", "y"], "talk(['x', 'y'], serve=a server that returns at EOF)", jobs.polite, SERVER_NEVER_ENDS)
    assert same(as_list(replies), ["X", "Y"]), f"talk(['x', 'y'], serve) returned {show(replies)}, expected ['X', 'Y']."


@pytest.mark.points(2)
def test_talk_stops_when_the_server_hangs_up():
    where = "talk(['a', 'b'], serve=a server that reads one message and hangs up without answering)"
    replies = talk(["a", "b"], where, jobs.hang_up_after_first, PARENT_NEVER_SEES_EOF)
    assert same(as_list(replies), []), (
        f"{where} returned {show(replies)}, expected []: the server never answered anything."
    )


#: Far more than a pipe's buffer holds (64 KiB to a few hundred KiB, by system): 256 messages of 16 KiB each way.
BIG_MESSAGES = 256
BIG_SIZE = 16 * 1024


@pytest.mark.points(2)
def test_talk_with_more_traffic_than_the_pipe_holds():
    messages = [f"message {i:03d} ".ljust(BIG_SIZE, "abcdefgh"[i % 8]) for i in range(BIG_MESSAGES)]
    total = BIG_MESSAGES * BIG_SIZE // 1024 // 1024
    where = f"talk([{BIG_MESSAGES} messages of {BIG_SIZE // 1024} KiB, {total} MiB in all], serve=a correct server)"
    progress = multiprocessing.RawArray("i", 2)  # what the server has done: [messages received, 1 while sending]
    serve = functools.partial(jobs.answering, progress)
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as dog:
        replies = echo_pipe.talk(messages, serve)
    received, sending = progress[0], progress[1]
    if dog.fired and sending and received < len(messages):
        raise violation(
            "timeout",
            f"{where} was stuck ({dog.how}): a deadlock. The server had received {received} of the "
            f"{len(messages)} messages and was waiting to send its reply to message {received}, because nobody "
            "read the replies; meanwhile the parent waited to send the next message, which the server could not "
            "read while it was sending. A pipe's buffer is finite (a few hundred KiB at most): once it is full, "
            "send() waits until the other side reads. Sending every message before reading any reply only works "
            "while everything fits in the buffer. Send one message and recv() its reply before sending the next "
            "(or read the replies in another thread while you send).",
        )
    if dog.fired:
        raise violation("timeout", f"{where} was stuck ({dog.how}). {SERVER_NEVER_ENDS}")
    if multiprocessing.active_children():
        raise violation(
            "leaked_process",
            f"{where} returned while the server process was still running. Hang up (close the parent's end) so "
            "that the server's recv() raises EOFError and it returns, then join() it.",
        )
    expected = [m.upper() for m in messages]
    assert same(as_list(replies), expected), (
        f"{where} did not return the {len(messages)} uppercase replies in order, one per message."
    )
