"""Ctrl-C during a grading: every command exits 130, and nothing it started outlives it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from proctree import DEADLINE
from proctree import HANGS_AT_IMPORT
from proctree import Tree
from proctree import alive
from proctree import commands
from proctree import is_test_run
from proctree import kill_all
from proctree import long_root
from proctree import start_batch
from proctree import start_time
from proctree import wait_for

from grader import cli
from grader import procfs

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the gradings through /proc")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _test_runs(parent: int) -> dict[int, str]:
    """The grading children of `parent` running tests, with their start times."""
    runs = {e.pid: start_time(e.pid) for e in procfs.process_table() if e.ppid == parent and is_test_run(e.pid)}
    return {pid: started for pid, started in runs.items() if started is not None}


@pytest.mark.timeout(300)
def test_ctrl_c_during_grade_exercise_exits_130_and_ends_the_grading(tmp_path: Path) -> None:
    submission = tmp_path / "adder.py"
    submission.write_text(HANGS_AT_IMPORT)
    grade = subprocess.Popen(
        [sys.executable, "-m", "grader", "1", "--submission", str(submission), "--root", str(long_root(tmp_path))],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    running: dict[int, str] = {}
    try:
        wait_for(lambda: bool(_test_runs(grade.pid)) or grade.poll() is not None, "the test run to start")
        assert grade.poll() is None, "the grading ended before it could be interrupted"
        running = _test_runs(grade.pid)
        os.killpg(grade.pid, signal.SIGINT)  # what a terminal does on Ctrl-C; the sandboxed child has its own session
        assert grade.wait(timeout=DEADLINE) == cli.EXIT_INTERRUPTED
        assert grade.stderr is not None
        err = grade.stderr.read().decode()
        assert "grade: interrupted" in err and "Traceback" not in err, err
        wait_for(lambda: not alive(running), f"{commands(alive(running))} to end")
    finally:
        _stop(grade)
        kill_all(running)
        assert grade.stderr is not None
        grade.stderr.close()


@pytest.mark.timeout(300)
@pytest.mark.parametrize("to", ["group", "parent"])
def test_ctrl_c_during_grade_batch_exits_130_and_stops_every_worker(tmp_path: Path, to: str) -> None:
    """`group`: Ctrl-C in a terminal (the batch and its workers get SIGINT); `parent`: `kill -INT` of the batch."""
    batch = start_batch(tmp_path)
    tree = Tree(batch)
    members: dict[int, str] = {}
    try:
        wait_for(lambda: tree.grading() or batch.poll() is not None, "a grading to start")
        assert batch.poll() is None, "the batch ended before it could be interrupted"
        members = tree.members()
        if to == "group":
            os.killpg(batch.pid, signal.SIGINT)
        else:
            os.kill(batch.pid, signal.SIGINT)
        assert batch.wait(timeout=DEADLINE) == cli.EXIT_INTERRUPTED
        assert batch.stderr is not None
        err = batch.stderr.read().decode()
        assert "grade: interrupted" in err and "Traceback" not in err, err
        wait_for(lambda: not alive(members), f"{commands(alive(members))} to end")
    finally:
        _stop(batch)
        kill_all(members | tree.members())
        assert batch.stderr is not None
        batch.stderr.close()


ARGUMENTS = {
    "grade": ["1"],
    "list": ["list"],
    "verify": ["verify"],
    "replay": ["replay", "saved.json"],
    "report": ["report", "saved.json", "--html", "x.html"],
    "batch": ["batch", "class", "--out", "out"],
    "release": ["release", "--out", "out"],
    "ci": ["ci"],
    "watch": ["watch"],
    "hint": ["hint", "1"],
    "next": ["next"],
    "show": ["show", "1"],
    "reset": ["reset", "1"],
    "prairielearn": ["prairielearn", "1"],
}


def test_every_command_is_covered() -> None:
    assert set(ARGUMENTS) == set(cli.HANDLERS)


@pytest.mark.parametrize("command", sorted(ARGUMENTS))
def test_a_keyboard_interrupt_in_any_command_exits_130(
    command: str, fixture_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setenv("GRADER_ROOT", str(fixture_root))
    monkeypatch.setitem(cli.HANDLERS, command, interrupted)
    assert cli.main(ARGUMENTS[command]) == cli.EXIT_INTERRUPTED
    assert "grade: interrupted" in capsys.readouterr().err
