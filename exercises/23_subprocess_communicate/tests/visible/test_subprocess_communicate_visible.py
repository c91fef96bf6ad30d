"""Visible tests for run_filter: run them with `grade 23` while you work."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import filters
import pytest

from grader import testing
from grader.explorer import Violation
from grader.realproc import HangWatch

CHILD = Path(__file__).resolve().with_name("filter_child_visible.py")
HANG_LIMIT = 3.0  # seconds at most; every correct call here returns in well under half a second
IDLE = 1.5  # seconds in which nothing ran in any process: a hang (nothing here sleeps by design)
BIG = bytes(range(256)) * 8192  # 2 MiB: far more than a pipe holds (64 KiB, at most 1 MiB)


def violation(kind, message):
    """A Violation the grader reports as `kind` outside explore() too."""
    exc = Violation(kind, message)
    exc.grader_diagnosis = {"kind": kind, "message": message}
    return exc


class Child:
    """One run of filter_child_visible.py: its command line, and its pid once it has started."""

    def __init__(self, folder, mode):
        self.mode = mode
        self.pidfile = Path(folder) / f"{mode}.pid"
        self.cmd = [sys.executable, str(CHILD), mode, str(self.pidfile)]

    def pid(self):
        try:
            return int(self.pidfile.read_text())
        except (OSError, ValueError):
            return None

    def state(self):
        """None once the child is gone (ended and reaped), "Z" for a zombie, else its /proc state letter."""
        pid = self.pid()
        if pid is None:
            return None
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return None
        return stat[stat.rfind(")") + 2 :].split()[0]

    def kill(self):
        pid = self.pid()
        if pid is not None and self.state() not in (None, "Z"):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture
def children(tmp_path):
    made = []

    def make(mode):
        made.append(Child(tmp_path, mode))
        return made[-1]

    yield make
    for child in made:  # nothing a test started may outlive it
        child.kill()


def deadlock(where, how):
    return violation(
        "deadlock",
        f"{where} was stuck ({how}), so the grader killed the child. A pipe holds only "
        "about 64 KiB: the child was blocked writing output that nobody read, while your code was still writing "
        "its input, waiting for it, or reading the other pipe. Let p.communicate(input=data, timeout=timeout) "
        "write and read all pipes at the same time.",
    )


def run(child, data, timeout, where):
    # Killing the child is enough to end run_filter: its pipes break or reach their end.
    with HangWatch(child.kill, limit=HANG_LIMIT, idle=IDLE) as dog:
        try:
            out = filters.run_filter(child.cmd, data, timeout)
        except Exception:
            if dog.fired:
                raise deadlock(where, dog.how) from None
            raise
    if dog.fired:
        raise deadlock(where, dog.how)
    assert type(out) in (tuple, list) and len(out) == 3, (
        f"{where} returned {testing.show(out):.80}, expected a tuple (returncode, stdout, stderr)."
    )
    # Plain data only: the comparisons below run only the builtins' code.
    return testing.exact_type(tuple(out), tuple[object, object, object], f"what {where} returned")


def same(got, want, name, where):
    assert type(got) is bytes, f"{where}: {name} is a {type(got).__name__}, expected bytes (no text=True)."
    assert got == want, (
        f"{where}: {name} has {len(got)} bytes, expected {len(want)} bytes"
        + ("" if len(got) != len(want) else " (same length, different content)")
        + "."
    )


@pytest.mark.points(1)
def test_small_echo(children):
    where = "run_filter([python, echo.py], b'hello\\n', timeout=10)"
    code, out, err = run(children("echo"), b"hello\n", 10, where)
    assert testing.same(code, 0), f"{where}: returncode {code!r}, expected 0."
    same(out, b"hello\n", "stdout", where)
    same(err, b"", "stderr", where)


@pytest.mark.points(1)
def test_big_echo_does_not_deadlock(children):
    where = "run_filter([python, echo.py], 2 MiB of input, timeout=30) with a child that echoes as it reads"
    code, out, err = run(children("echo"), BIG, 30, where)
    assert testing.same(code, 0), f"{where}: returncode {code!r}, expected 0."
    same(out, BIG, "stdout", where)
    same(err, b"", "stderr", where)
