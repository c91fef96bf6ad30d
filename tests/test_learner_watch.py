from __future__ import annotations

import io
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from grader import runner
from grader.errors import UsageError
from grader.learner import watch
from grader.results import CaseResult
from grader.results import GradingResult
from grader.results import Outcome

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

    def grade(self, _cancel: threading.Event, _on_case: Callable[[CaseResult], None]) -> GradingResult:
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

    def graded(times: int) -> None:  # gradings run on a thread of their own
        deadline = time.monotonic() + DEADLINE
        while fake.said.count("watching") < times:
            assert time.monotonic() < deadline, fake.said
            time.sleep(0.01)

    def wakeups() -> Iterator[object]:
        yield set()
        graded(1)
        path.write_text("b")
        yield set()
        graded(2)
        raise KeyboardInterrupt

    assert watch.run(loop_for(path, fake), wakeups(), "watching") is True
    assert fake.graded == 2
    assert fake.said == ["watching", "watching", "Stopped watching."]


class Hanging:
    """A grading that hangs on the content "hangs" until it is cancelled, and passes one test otherwise."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.started = threading.Event()
        self.graded: list[str] = []
        self.cancelled: list[str] = []
        self.cases: list[CaseResult] = []
        self.shown: list[GradingResult] = []
        self.said: list[str] = []

    def grade(self, cancel: threading.Event, on_case: Callable[[CaseResult], None]) -> GradingResult:
        content = self.path.read_text()
        self.graded.append(content)
        if content == "hangs":
            self.started.set()
            assert cancel.wait(DEADLINE)
            self.cancelled.append(content)
            raise runner.Cancelled
        on_case(CaseResult("tests/visible/test_adder_visible.py::test_1_small", Outcome.PASS))
        return GradingResult("exercise-01", "adder", "Adder", "adder.py", 0, 10, 10, ())

    def loop(self) -> watch.Loop:
        return watch.Loop(self.path, self.grade, self.shown.append, self.said.append, show_case=self.cases.append)


def test_a_save_during_a_grading_cancels_it_and_grades_the_new_content(tmp_path: Path) -> None:
    path = tmp_path / "adder.py"
    path.write_text("hangs")
    fake = Hanging(path)

    def wakeups() -> Iterator[object]:
        assert fake.started.wait(DEADLINE)
        path.write_text("fixed")
        yield set()

    assert watch.run(fake.loop(), wakeups(), "watching") is False
    assert (fake.graded, fake.cancelled) == (["hangs", "fixed"], ["hangs"])
    assert [case.name for case in fake.cases] == ["tests/visible/test_adder_visible.py::test_1_small"]
    assert len(fake.shown) == 1 and fake.said == ["watching"]


def test_ctrl_c_during_a_grading_cancels_it(tmp_path: Path) -> None:
    path = tmp_path / "adder.py"
    path.write_text("hangs")
    fake = Hanging(path)

    def wakeups() -> Iterator[object]:
        assert fake.started.wait(DEADLINE)
        yield set()
        raise KeyboardInterrupt

    assert watch.run(fake.loop(), wakeups(), "watching") is True
    assert fake.cancelled == ["hangs"] and not fake.shown
    assert fake.said == ["Stopped watching."]


def test_each_case_line_uses_the_report_format() -> None:
    console = Console(file=io.StringIO(), width=120, color_system=None)
    show = watch.case_printer(console)
    show(CaseResult("tests/hidden/test_adder_hidden.py::test_2_large", Outcome.TIMEOUT, score=0.0, max_score=5.0))
    assert console.file.getvalue() == "  TIMEOUT test_adder_hidden::test_2_large  0/5\n"  # type: ignore[attr-defined]
