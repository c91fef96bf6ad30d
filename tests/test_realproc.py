"""grader.realproc: quiescence of a real process tree, read from /proc, and the watchdog and guard built on it."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from grader.realproc import MIN_IDLE
from grader.realproc import HangGuard
from grader.realproc import HangWatch
from grader.realproc import Quiescence
from grader.realproc import snapshot

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")

IDLE = MIN_IDLE
GIVE_UP = 30.0  # seconds of sampling after which a test stops waiting for quiescence (it then fails)


def child(code: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE)


@pytest.fixture
def children() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for p in started:
        for pid in {pid for pid, _ in snapshot(p.pid)} - {p.pid}:  # grandchildren first: they would outlive it
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        p.kill()
        p.wait()
        if p.stdin is not None:
            p.stdin.close()


def sample_until(quiet: Quiescence, stop: float, until_quiescent: bool = True) -> float:
    """update() every 0.1 s for `stop` seconds (or until quiescent); the longest quiet stretch seen."""
    longest = 0.0
    end = time.monotonic() + stop
    while time.monotonic() < end:
        longest = max(longest, quiet.update())
        if until_quiescent and quiet.quiescent:
            break
        time.sleep(0.1)
    return longest


def state(pid: int) -> str | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rfind(")") + 2 :].split()[0]


@pytest.mark.timeout(60)
def test_a_child_blocked_on_a_pipe_read_is_quiescent(children: list[subprocess.Popen[bytes]]) -> None:
    children.append(child("import sys; sys.stdin.buffer.read()"))
    quiet = Quiescence(children[0].pid, IDLE)
    longest = sample_until(quiet, GIVE_UP)
    assert quiet.quiescent, f"a child blocked in read() was never quiescent (longest quiet stretch {longest:.2f} s)"
    assert quiet.quiet_for >= IDLE
    assert children[0].poll() is None, "the child must still be blocked, not gone"


@pytest.mark.timeout(60)
def test_a_busy_child_is_never_quiescent(children: list[subprocess.Popen[bytes]]) -> None:
    children.append(child("while True: pass"))
    quiet = Quiescence(children[0].pid, IDLE)
    longest = sample_until(quiet, 3 * IDLE, until_quiescent=False)
    assert not quiet.quiescent and longest < IDLE, f"a busy loop looked quiet for {longest:.2f} s"


@pytest.mark.timeout(60)
def test_a_child_that_sleeps_less_than_idle_then_works_is_never_quiescent(
    children: list[subprocess.Popen[bytes]],
) -> None:
    # Sleeps of a third of `idle`, each followed by a little work, for about three times `idle` in all.
    code = f"import time\nfor _ in range(9):\n    time.sleep({IDLE / 3})\n    sum(range(200_000))\n"
    children.append(child(code))
    quiet = Quiescence(children[0].pid, IDLE)
    longest = 0.0
    while children[0].poll() is None:
        longest = max(longest, quiet.update())
        time.sleep(0.1)
    assert longest < IDLE, f"a child sleeping {IDLE / 3:g} s at a time was reported quiet for {longest:.2f} s"


@pytest.mark.timeout(60)
def test_descendants_are_watched(children: list[subprocess.Popen[bytes]]) -> None:
    # The child itself waits for its own busy child: the tree is busy.
    code = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'while True: pass'])"
    children.append(child(code))
    quiet = Quiescence(children[0].pid, IDLE)
    longest = sample_until(quiet, 3 * IDLE, until_quiescent=False)
    assert longest < IDLE, f"a tree with a busy grandchild looked quiet for {longest:.2f} s"
    assert len({pid for pid, _ in snapshot(children[0].pid)}) == 2, "the grandchild is not in the snapshot"


@pytest.mark.timeout(60)
def test_vanished_and_zombie_processes_are_ignored() -> None:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + GIVE_UP
    while state(p.pid) != "Z" and time.monotonic() < deadline:
        time.sleep(0.02)
    assert state(p.pid) == "Z", "the child did not become a zombie"
    assert snapshot(p.pid) == {}, "a zombie has no live thread"
    assert p.pid not in {pid for pid, _ in snapshot()}, "a zombie child is not watched"
    quiet = Quiescence(p.pid, IDLE)
    quiet.update()
    p.wait()  # now gone altogether
    assert snapshot(p.pid) == {}
    quiet.update()
    quiet.update()
    assert quiet.quiet_for >= 0.0


@pytest.mark.timeout(60)
def test_processes_that_come_and_go_do_not_break_sampling(children: list[subprocess.Popen[bytes]]) -> None:
    # A child that starts many short-lived grandchildren: some end while /proc is being read.
    code = "import subprocess\nfor _ in range(40):\n    subprocess.run(['true'])\n"
    children.append(child(code))
    quiet = Quiescence(children[0].pid, IDLE)
    while children[0].poll() is None:
        quiet.update()
    quiet.update()
    assert snapshot(children[0].pid) == {}


@pytest.mark.timeout(60)
def test_hang_watch_fires_early_on_a_deadlock(children: list[subprocess.Popen[bytes]]) -> None:
    # This process's main thread waits for a pipe that only the watchdog will write; the child waits for us.
    children.append(child("import sys; sys.stdin.buffer.read()"))
    r, w = os.pipe()
    try:
        watch = HangWatch(lambda: os.write(w, b"x"), limit=GIVE_UP, idle=IDLE)
        with watch:
            os.read(r, 1)  # blocked until the watchdog fires
        assert watch.fired and watch.reason == "idle", f"fired={watch.fired} reason={watch.reason!r}"
        assert watch.how == f"nothing ran for {IDLE:g} s: every process was waiting"
    finally:
        os.close(r)
        os.close(w)


@pytest.mark.timeout(60)
def test_hang_watch_fires_at_the_limit_when_something_keeps_running(children: list[subprocess.Popen[bytes]]) -> None:
    children.append(child("while True: pass"))
    r, w = os.pipe()
    try:
        watch = HangWatch(lambda: os.write(w, b"x"), limit=2 * IDLE, idle=IDLE)
        with watch:
            os.read(r, 1)
        assert watch.fired and watch.reason == "limit", f"fired={watch.fired} reason={watch.reason!r}"
        assert watch.how == f"still running after {2 * IDLE:g} s"
    finally:
        os.close(r)
        os.close(w)


@pytest.mark.timeout(60)
def test_hang_watch_stopped_in_time_never_fires() -> None:
    calls: list[int] = []
    with HangWatch(lambda: calls.append(1), limit=GIVE_UP, idle=IDLE) as watch:
        time.sleep(0.3)
    assert not watch.fired and watch.reason == "" and watch.how == "" and calls == []


@pytest.mark.timeout(60)
def test_hang_watch_goes_on_watching_after_wake() -> None:
    # The first quiet stretch is excused (wake() says it woke something up); the second one is a hang.
    calls: list[int] = []

    def wake() -> bool:
        calls.append(1)
        return len(calls) == 1

    r, w = os.pipe()
    try:
        with HangWatch(lambda: os.write(w, b"x"), limit=GIVE_UP, idle=IDLE, wake=wake) as watch:
            os.read(r, 1)
        assert calls == [1, 1], f"wake() was called {len(calls)} times, expected twice"
        assert watch.fired and watch.reason == "idle", f"fired={watch.fired} reason={watch.reason!r}"
    finally:
        os.close(r)
        os.close(w)


def test_idle_below_the_minimum_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        HangWatch(lambda: None, limit=5, idle=0.5)


def test_without_a_linux_proc_nothing_is_ever_quiescent(tmp_path: Path) -> None:
    quiet = Quiescence(os.getpid(), IDLE, proc=str(tmp_path))
    assert not quiet.available
    for step in range(5):
        assert quiet.update(now=step * IDLE) == 0.0
    assert not quiet.quiescent


class Stuck(Exception):
    """What the HangGuard of these tests interrupts the main thread with."""


class Usr1Handler:
    """A SIGUSR1 handler of a test's own: the signals it received."""

    def __init__(self) -> None:
        self.received: list[int] = []

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.received.append(signum)


@pytest.fixture
def usr1() -> Iterator[Usr1Handler]:
    """The test's own SIGUSR1 handler, installed while it runs: a guard must restore it and never signal it."""
    handler = Usr1Handler()
    previous = signal.signal(signal.SIGUSR1, handler)
    yield handler
    signal.signal(signal.SIGUSR1, previous)
    assert handler.received == [], "a SIGUSR1 reached the test's own handler"


@pytest.mark.timeout(60)
def test_hang_guard_interrupts_the_main_thread_and_kills_the_children(usr1: Usr1Handler) -> None:
    child_proc = multiprocessing.Process(target=time.sleep, args=(3600,))
    child_proc.start()
    results: multiprocessing.Queue[int] = multiprocessing.Queue()
    caught: list[BaseException] = []
    with HangGuard(Stuck, limit=GIVE_UP, idle=IDLE) as guard:
        try:
            results.get()  # nothing ever comes: killing the child alone would not end this wait
        except BaseException as exc:
            caught.append(exc)
            raise
    child_proc.join(GIVE_UP)
    assert [type(exc) for exc in caught] == [Stuck], f"the wait ended with {caught!r}, expected Stuck"
    assert guard.fired and guard.how == f"nothing ran for {IDLE:g} s: every process was waiting"
    assert child_proc.exitcode == -signal.SIGKILL, f"the child ended with {child_proc.exitcode!r}, expected -9"
    assert signal.getsignal(signal.SIGUSR1) is usr1, "the previous SIGUSR1 handler was not restored"


@pytest.mark.timeout(60)
def test_hang_guard_kills_what_it_is_told_to(children: list[subprocess.Popen[bytes]], usr1: Usr1Handler) -> None:
    children.append(child("import sys; sys.stdin.buffer.read()"))
    with HangGuard(Stuck, limit=GIVE_UP, idle=IDLE, kill=children[0].kill) as guard:
        threading.Event().wait()  # only the guard's exception ends this
    assert guard.fired
    assert children[0].wait(GIVE_UP) == -signal.SIGKILL, "kill() was not called"
    assert signal.getsignal(signal.SIGUSR1) is usr1, "the previous SIGUSR1 handler was not restored"


@pytest.mark.timeout(60)
def test_hang_guard_around_a_call_that_returns_never_fires(usr1: Usr1Handler) -> None:
    child_proc = multiprocessing.Process(target=time.sleep, args=(0.2,))
    child_proc.start()
    with HangGuard(Stuck, limit=GIVE_UP, idle=IDLE) as guard:
        child_proc.join()
    assert not guard.fired and guard.how == ""
    assert child_proc.exitcode == 0
    assert signal.getsignal(signal.SIGUSR1) is usr1, "the previous SIGUSR1 handler was not restored"
    time.sleep(2 * IDLE)  # a watchdog still running would fire meanwhile, its signal reaching the test's handler


@pytest.mark.timeout(60)
def test_hang_guard_raises_nothing_when_the_call_returns_as_it_fires(usr1: Usr1Handler) -> None:
    # kill() itself ends the call, and the signal is only sent once the block is about to end (or has ended).
    release, returned = threading.Event(), threading.Event()

    def kill() -> None:
        release.set()
        returned.wait(GIVE_UP)

    with HangGuard(Stuck, limit=GIVE_UP, idle=IDLE, kill=kill) as guard:
        release.wait()
        returned.set()
    assert guard.fired
    assert signal.getsignal(signal.SIGUSR1) is usr1, "the previous SIGUSR1 handler was not restored"


@pytest.mark.timeout(60)
def test_hang_guard_lets_other_exceptions_through(usr1: Usr1Handler) -> None:
    with pytest.raises(ValueError, match="the learner's own"), HangGuard(Stuck, limit=GIVE_UP, idle=IDLE) as guard:
        raise ValueError("the learner's own")
    assert not guard.fired
    assert signal.getsignal(signal.SIGUSR1) is usr1, "the previous SIGUSR1 handler was not restored"
