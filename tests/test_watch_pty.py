"""`grade watch` on a real terminal: lines as tests end, a save cancels a deadlocked grading, Ctrl-C exits 130."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest
from test_watch_streaming import DEADLOCKS
from test_watch_streaming import descendants
from test_watch_streaming import still_alive

DEADLINE = 120.0  # seconds to wait for an expected line: a bound against hanging, never a measurement
# From the save of the fix to its first test line. The deadlocked grading would last its wall limit (WALL),
# so meeting this bound proves that it was cancelled; it is far above the usual second or two so as not to
# flake on a loaded machine.
BOUND = 15.0
WALL = 600
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\r")
SOLVED = "def add(a, b):\n    return a + b\n"


class Terminal:
    """The watcher's side of a pty: what it printed, escape sequences removed, read on a thread."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.raw = bytearray()
        self.changed = threading.Condition()
        self.done = False
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO once the watcher has closed its side
                data = b""
            with self.changed:
                if not data:
                    self.done = True
                else:
                    self.raw += data
                self.changed.notify_all()
            if not data:
                return

    @property
    def text(self) -> str:
        return ESCAPES.sub("", self.raw.decode("utf-8", errors="replace"))

    def until(self, pattern: str, start: int = 0, timeout: float = DEADLINE) -> re.Match[str]:
        """The first match of `pattern` in the text from `start` on, waiting at most `timeout`."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                found = re.compile(pattern).search(self.text, start)
                if found:
                    return found
                left = deadline - time.monotonic()
                if left <= 0 or self.done:
                    pytest.fail(f"no {pattern!r} within {timeout} s; the terminal shows:\n{self.text[start:]}")
                self.changed.wait(min(left, 0.2))

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)


def controlling_terminal() -> None:  # in the child, after setsid: make its stdin (the pty) the terminal
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@pytest.fixture
def root(fixture_root: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "root"
    shutil.copytree(fixture_root, copy, ignore=shutil.ignore_patterns(".grade"))
    toml = copy / "exercises" / "01_adder" / "exercise.toml"
    toml.write_text(re.sub(r"wall_timeout = \d+", f"wall_timeout = {WALL}", toml.read_text()))
    return copy


@pytest.mark.timeout(600)
@pytest.mark.parametrize("mode", ["fallback", "auto"])
def test_a_save_cancels_a_deadlocked_grading_on_a_terminal(root: Path, tmp_path: Path, mode: str) -> None:
    submission = root / "exercises" / "01_adder" / "adder.py"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "LANG": "C.UTF-8", "TERM": "xterm-256color"}
    for name in ("GRADER_ROOT", "NO_COLOR", "COLUMNS", "LINES"):
        env.pop(name, None)
    before = descendants(os.getpid())  # what earlier tests of this worker left (multiprocessing's tracker)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-m", "grader", "watch", "exercise-01", "--root", str(root), "--isolation", mode],
        cwd=tmp_path,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
        preexec_fn=controlling_terminal,
    )
    os.close(slave)
    screen = Terminal(master)
    try:
        first = screen.until(r"Watching")
        assert "Score: 0 / 10" in screen.text[: first.end()]

        submission.write_text(DEADLOCKS)
        banner = screen.until(r"grading \S*adder\.py", first.end())
        # test_1_small's line shows while test_2_large is deadlocked: lines come as tests end.
        passed = screen.until(r"PASS +test_adder_visible::test_1_small +2\.5/2\.5", banner.end())
        hung = descendants(child.pid)
        assert hung, "the deadlocked grading has no processes"
        time.sleep(1.0)
        assert "Score:" not in screen.text[banner.end() :], "the deadlocked grading ended on its own"

        submission.write_text(SOLVED)
        saved = time.monotonic()
        fixed = screen.until(r"grading \S*adder\.py", passed.end(), timeout=BOUND)
        screen.until(r"PASS +test_adder\w*::test_\w+", fixed.end(), timeout=BOUND - (time.monotonic() - saved))
        shown = time.monotonic() - saved
        full = screen.until(r"Score: 10 / 10", fixed.end())
        screen.until(r"Watching", full.end())
        assert not still_alive(hung), "the cancelled grading left processes behind"
        print(f"first line of the fixed result {shown:.2f} s after the save")

        screen.type(b"\x03")  # Ctrl-C, through the terminal's line discipline
        assert child.wait(timeout=DEADLINE) == 130
        screen.until(r"Stopped watching\.", full.end())
        assert "Traceback" not in screen.text
        assert not still_alive(descendants(os.getpid()) - before)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait(timeout=DEADLINE)
        os.close(master)
