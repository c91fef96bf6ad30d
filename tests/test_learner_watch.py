from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.errors import UsageError
from grader.learner import watch
from grader.results import GradingResult

DEADLINE = 120.0  # seconds to wait for one expected line: a bound against hanging, never a measurement
HANGS = "import time\n\n\ndef add(a, b):\n    time.sleep(1000)\n"
CRASHES = "import os\n\nos._exit(3)\n"
SOLVED = "def add(a, b):\n    return a + b\n"


class Output:
    """The lines of a child's stdout, read on a thread so that every wait is bounded."""

    def __init__(self, stream) -> None:
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.lines.put(line)
        self.lines.put(None)

    def until(self, marker: str) -> str:
        """Everything up to and including the next line containing `marker`."""
        block: list[str] = []
        while True:
            try:
                line = self.lines.get(timeout=DEADLINE)
            except queue.Empty:
                pytest.fail(f"no line with {marker!r} within {DEADLINE} s; output so far:\n{''.join(self.seen)}")
            if line is None:
                pytest.fail(f"the watcher ended before {marker!r}; output:\n{''.join(self.seen)}")
            self.seen.append(line)
            block.append(line)
            if marker in line:
                return "".join(block)


@pytest.fixture
def root(fixture_root: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "root"
    shutil.copytree(fixture_root, copy, ignore=shutil.ignore_patterns(".grade"))
    return copy


@pytest.mark.timeout(600)
def test_watch_survives_a_hang_a_crash_and_a_flood_and_stops_on_ctrl_c(root: Path, tmp_path: Path) -> None:
    submission = root / "exercises" / "01_adder" / "adder.py"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "LANG": "C"}
    env.pop("GRADER_ROOT", None)
    child = subprocess.Popen(
        [sys.executable, "-m", "grader", "watch", "--root", str(root)],  # no exercise: the next unfinished one
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out = Output(child.stdout)
        first = out.until("Watching")
        assert "Score: 0 / 10" in first and "Save your file to grade it again." in first

        submission.write_text(HANGS)
        hung = out.until("Watching")
        assert "TIMEOUT" in hung and "timeout:" in hung and "Score: 0 / 10" in hung

        submission.write_text(CRASHES)
        crashed = out.until("Watching")
        assert "Score: 0 / 10" in crashed

        for n in range(50):  # a flood of saves, all wrong but the last
            submission.write_text(f"def add(a, b):\n    return a - b  # {n}\n")
        submission.write_text(SOLVED)
        full = out.until("Score: 10 / 10")
        assert "grade next" in out.until("Watching")
        assert full.count("Score:") <= 50  # batched: never one grading per save behind the loop
        assert child.poll() is None, "the watcher stopped"

        saved = json.loads((root / ".grade" / "progress.json").read_text())
        assert saved["exercises"]["exercise-01"]["status"] == "done"

        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=DEADLINE) == 130
        assert "Stopped watching." in out.until("Stopped watching.")
        assert "Traceback" not in child.stderr.read()  # type: ignore[union-attr]
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait(timeout=DEADLINE)
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]


class Fake:
    """Stands in for a grading: counts calls and can fail the way the grader may."""

    def __init__(self) -> None:
        self.graded = 0
        self.raise_next: Exception | None = None
        self.said: list[str] = []
        self.shown = 0

    def grade(self) -> GradingResult:
        self.graded += 1
        if self.raise_next is not None:
            error, self.raise_next = self.raise_next, None
            raise error
        return GradingResult("exercise-01", "adder", "Adder", "adder.py", 0, 0, 10, ())

    def show(self, _result: GradingResult) -> None:
        self.shown += 1


def loop_for(path: Path, fake: Fake) -> watch.Loop:
    return watch.Loop(path, fake.grade, fake.show, fake.said.append)


def test_only_changed_content_is_regraded(tmp_path: Path) -> None:
    path = tmp_path / "adder.py"
    path.write_text("a")
    fake = Fake()
    loop = loop_for(path, fake)
    assert loop.step() and not loop.step()
    path.write_text("a")  # saved without a change
    assert not loop.step()
    path.write_text("b")
    assert loop.step()
    assert (fake.graded, fake.shown) == (2, 2)


def test_a_missing_file_is_waited_for_and_said_once(tmp_path: Path) -> None:
    path = tmp_path / "adder.py"
    fake = Fake()
    loop = loop_for(path, fake)
    assert not loop.step() and not loop.step()
    assert len(fake.said) == 1 and "missing" in fake.said[0]
    path.write_text("a")
    assert loop.step() and fake.graded == 1


def test_grader_failures_do_not_end_the_loop(tmp_path: Path, capsys) -> None:
    path = tmp_path / "adder.py"
    path.write_text("a")
    fake = Fake()
    loop = loop_for(path, fake)
    fake.raise_next = RuntimeError("boom")
    assert loop.step()
    assert "internal error" in fake.said[-1] and "still watching" in fake.said[-1]
    assert "RuntimeError: boom" in capsys.readouterr().err
    path.write_text("b")
    fake.raise_next = UsageError("submission file not found")
    assert loop.step() and fake.said[-1].startswith("not graded")
    path.write_text("c")
    assert loop.step() and fake.shown == 1


def test_fatal_grader_failures_end_the_loop(tmp_path: Path) -> None:
    path = tmp_path / "adder.py"
    path.write_text("a")
    fake = Fake()
    fake.raise_next = LookupError("no sandbox")
    loop = watch.Loop(path, fake.grade, fake.show, fake.said.append, fatal=(LookupError,))
    with pytest.raises(LookupError):
        loop.step()


def test_run_grades_first_and_stops_cleanly_on_interrupt(tmp_path: Path) -> None:
    path = tmp_path / "adder.py"
    path.write_text("a")
    fake = Fake()

    def wakeups() -> Iterator[object]:
        yield set()
        path.write_text("b")
        yield set()
        raise KeyboardInterrupt

    assert watch.run(loop_for(path, fake), wakeups(), "watching") is True
    assert fake.graded == 2
    assert fake.said == ["watching", "watching", "Stopped watching."]
