"""Hidden tests for run_filter: big input and output through pipes without deadlock, exit codes, timeout and reaping."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import filters
import pytest

from grader import testing
from grader.explorer import Violation
from grader.realproc import HangWatch

CHILD = Path(__file__).resolve().with_name("filter_child_hidden.py")
HANG_LIMIT = 3.0  # seconds at most; every correct call here returns in well under half a second
# A hang is caught sooner, once nothing has run for IDLE seconds. The longest quiet wait of correct code here is
# the 0.5 s timeout given to run_filter (the sleeping child's minute is what only a hang waits for).
IDLE = 1.5
BIG = bytes(range(256)) * 8192  # 2 MiB: far more than a pipe holds (64 KiB, at most 1 MiB)


def violation(kind, message):
    """A Violation the grader reports as `kind` outside explore() too."""
    exc = Violation(kind, message)
    exc.grader_diagnosis = {"kind": kind, "message": message}
    return exc


class Child:
    """One run of filter_child_hidden.py: its command line, and its pid once it has started."""

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
def test_module_api_and_empty_input(children):
    assert callable(getattr(filters, "run_filter", None)), "filters.py must define a function run_filter."
    where = "run_filter([python, echo.py], b'', timeout=10)"
    code, out, err = run(children("echo"), b"", 10, where)
    assert testing.same((code, out, err), (0, b"", b"")), (
        f"{where} returned {(code, out, err)!r}, expected (0, b'', b'')."
    )


@pytest.mark.points(1)
def test_small_echo(children):
    where = "run_filter([python, echo.py], b'hello\\n', timeout=10)"
    code, out, err = run(children("echo"), b"hello\n", 10, where)
    assert testing.same(code, 0), f"{where}: returncode {code!r}, expected 0."
    same(out, b"hello\n", "stdout", where)
    same(err, b"", "stderr", where)


@pytest.mark.points(3)
def test_big_echo_does_not_deadlock(children):
    where = "run_filter([python, echo.py], 2 MiB of input, timeout=30) with a child that echoes as it reads"
    code, out, err = run(children("echo"), BIG, 30, where)
    assert testing.same(code, 0), f"{where}: returncode {code!r}, expected 0."
    same(out, BIG, "stdout", where)
    same(err, b"", "stderr", where)


@pytest.mark.points(2)
def test_big_stdout_and_stderr_together(children):
    data = BIG[: 1024 * 1024]
    where = "run_filter([python, both.py], 1 MiB, timeout=30) with a child that writes 1 MiB to stdout and to stderr"
    code, out, err = run(children("both"), data, 30, where)
    assert testing.same(code, 0), f"{where}: returncode {code!r}, expected 0."
    same(out, data, "stdout", where)
    same(err, data[::-1], "stderr", where)


@pytest.mark.points(1)
def test_exit_code_and_stderr(children):
    where = "run_filter([python, fail.py], b'12345', timeout=10) with a child that exits with 3"
    code, out, err = run(children("fail"), b"12345", 10, where)
    assert testing.same(code, 3), f"{where}: returncode {code!r}, expected 3 (the child's exit code)."
    same(out, b"", "stdout", where)
    same(err.replace(b"\r\n", b"\n"), b"bad input: 5 bytes\n", "stderr", where)


@pytest.mark.points(2)
def test_timeout_kills_and_reaps_the_child(children):
    child = children("sleep")
    where = "run_filter([python, sleep.py], b'x', timeout=0.5) with a child that sleeps for a minute"
    started = time.monotonic()
    caught = None
    with HangWatch(child.kill, limit=HANG_LIMIT, idle=IDLE) as dog:
        try:
            out = filters.run_filter(child.cmd, b"x", 0.5)
        except subprocess.TimeoutExpired as exc:
            # Keep the exception, and with it run_filter's frame and its Popen: a Popen that is garbage collected
            # reaps a dead child behind the learner's back, sometimes, and the verdict must not depend on that.
            caught = exc
            out = None
    if dog.fired:
        raise violation(
            "timeout",
            f"{where} was stuck ({dog.how}), so the grader killed the child: pass the timeout "
            "on, p.communicate(input=data, timeout=timeout), so that it raises subprocess.TimeoutExpired in time.",
        )
    if out is not None:
        raise AssertionError(
            f"{where} returned {testing.show(out):.80} after {time.monotonic() - started:.1f} s instead of raising "
            "subprocess.TimeoutExpired. Let the exception propagate (re-raise it after cleaning up)."
        )
    deadline = time.monotonic() + 1.0  # a killed child takes a moment to become a zombie
    while child.state() not in (None, "Z") and time.monotonic() < deadline:
        time.sleep(0.02)
    state = child.state()
    assert caught is not None  # still referenced here, on purpose
    if state == "Z":
        raise violation(
            "leaked_process",
            f"{where}: after TimeoutExpired the child was killed but never waited for, so it stays a zombie in the "
            "process table. After p.kill(), reap it with p.wait() (or p.communicate()) before you re-raise.",
        )
    if state is not None:
        raise violation(
            "leaked_process",
            f"{where}: the child was still running after run_filter raised TimeoutExpired. communicate() does not "
            "stop the child on a timeout: call p.kill(), then p.wait(), then re-raise.",
        )
