"""Processes a `grade` started, found through Linux's /proc, for the tests that interrupt or kill it.

Every wait is polled against a deadline that only bounds a stuck test; nothing measures speed. A process is
named by pid and start time, so a later process that reuses the pid is never taken for it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from batch_class import RESOURCES
from batch_class import make_class

from grader import procfs

DEADLINE = 60.0  # seconds: a bound for a stuck test, never a measure of speed
LONG_WALL = 900.0  # the gradings' wall limit here: far beyond DEADLINE
# Hangs while its tests import it, so that a grading lasts until the exercise's wall limit (LONG_WALL).
HANGS_AT_IMPORT = "import time\n\ntime.sleep(1000)\n\n\ndef add(a, b):\n    return a + b\n"
LEARNERS = {name: {"01_adder": HANGS_AT_IMPORT} for name in ("alice", "bob", "carol")}


def start_time(pid: int) -> str | None:
    """The process's start time (telling it from a later process with its pid), or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(errors="replace")
    except OSError:
        return None
    fields = text[text.rfind(")") + 2 :].split()
    return None if fields[0] in ("Z", "X") else fields[19]


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.05)


class Tree:
    """What `grade batch` (started in a session of its own) has started: workers, tracker, gradings."""

    def __init__(self, batch: subprocess.Popen[bytes]) -> None:
        self.batch = batch

    def members(self) -> dict[int, str]:
        """Live processes of the batch's session but the batch itself, and their children (the gradings)."""
        table = [entry for entry in procfs.process_table() if entry.state not in ("Z", "X")]
        session = {e.pid for e in table if e.session == self.batch.pid and e.pid != self.batch.pid}
        found = session | {e.pid for e in table if e.ppid in session}
        return {pid: started for pid in found if (started := start_time(pid)) is not None}

    def grading(self) -> bool:
        """Whether a worker runs a grading: a test run (not a collection) started by a worker."""
        table = procfs.process_table()
        workers = {e.pid for e in table if e.ppid == self.batch.pid and e.state != "Z"}
        return any(e.ppid in workers and e.state != "Z" and is_test_run(e.pid) for e in table)


def is_test_run(pid: int) -> bool:
    """Whether `pid` is a grading's pytest child running the tests (the collection child comes first)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"pytest" in argv and b"--collect-only" not in argv


def alive(members: dict[int, str]) -> dict[int, str]:
    return {pid: started for pid, started in members.items() if start_time(pid) == started}


def kill_all(members: dict[int, str]) -> None:
    """After a failure: SIGKILL whatever of `members` still runs (the same processes, not later ones)."""
    for pid in alive(members):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def long_root(tmp_path: Path) -> Path:
    """The fixture catalogue with a wall limit far beyond any wait of these tests: a grading that is not stopped
    outlives the test's deadline instead of ending on its own in time."""
    root = tmp_path / "root"
    shutil.copytree(RESOURCES / "root", root, ignore=shutil.ignore_patterns("__pycache__"))
    toml = root / "exercises" / "01_adder" / "exercise.toml"
    text = toml.read_text()
    assert "wall_timeout = 60\n" in text
    toml.write_text(text.replace("wall_timeout = 60\n", f"wall_timeout = {LONG_WALL:g}\n"))
    return root


def start_batch(tmp_path: Path) -> subprocess.Popen[bytes]:
    folder = make_class(tmp_path / "class", LEARNERS)
    argv = [sys.executable, "-m", "grader", "batch", str(folder), "--out", str(tmp_path / "out")]
    return subprocess.Popen(
        [*argv, "--root", str(long_root(tmp_path)), "--workers", "2"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def commands(members: dict[int, str]) -> list[str]:
    found = []
    for pid in members:
        try:
            found.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return found
