"""What `grade watch` needs of the runner and the sandbox: each test's result as it ends, and cancellation."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from grader import catalog
from grader import procfs
from grader import runner
from grader import sandbox
from grader.results import CaseResult
from grader.results import Outcome

DEADLINE = 60.0  # seconds: a bound for a stuck test, never a measure of speed
GRACE = 5.0  # seconds the killed processes may take to disappear from /proc
LONG_WALL = 600.0  # the cancelled gradings' wall limit: far beyond DEADLINE
# test_1_small passes; test_2_large deadlocks in a way that outlasts its per-test timeout (it swallows it).
DEADLOCKS = (
    "import threading\n\n_lock = threading.Lock()\n\n\n"
    "def add(a, b):\n"
    "    if a > 100:\n"
    "        while True:\n"
    "            try:\n"
    "                _lock.acquire()\n"
    "            except BaseException:\n"
    "                pass\n"
    "    return a + b\n"
)


def descendants(pid: int) -> set[int]:
    """Live processes below `pid`."""
    table = [entry for entry in procfs.process_table() if entry.state not in ("Z", "X")]
    found: set[int] = set()
    stack = [pid]
    while stack:
        parent = stack.pop()
        for entry in table:
            if entry.ppid == parent and entry.pid not in found:
                found.add(entry.pid)
                stack.append(entry.pid)
    return found


def still_alive(pids: set[int]) -> set[int]:
    """Those of `pids` still alive after `GRACE`: the empty set once they have all gone."""
    deadline = time.monotonic() + GRACE
    while True:
        alive = {pid for pid in pids if (entry := procfs.entry(pid)) is not None and entry.state not in ("Z", "X")}
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.05)


def pytest_children() -> set[int]:
    return {pid for pid in descendants(os.getpid()) if b"pytest" in procfs.cmdline(pid)}


@pytest.fixture
def adder(fixture_root: Path) -> catalog.Exercise:
    return catalog.resolve(catalog.load_catalog(fixture_root), "adder")


@pytest.mark.parametrize("mode", ["fallback", "auto"])
def test_each_test_is_reported_once_as_it_ends_in_order(adder: catalog.Exercise, fixture_root: Path, mode: str) -> None:
    streamed: list[CaseResult] = []
    running: list[bool] = []

    def on_case(case: CaseResult) -> None:
        streamed.append(case)
        running.append(bool(pytest_children()))  # the child has not ended: the report came as the test did

    hangs = fixture_root / "solutions" / "01_adder" / "wrong" / "hangs.py"  # test_2_large hits its timeout
    result = runner.grade(adder, hangs, on_case=on_case, isolation_mode=mode)
    assert [case.name for case in streamed] == [case.name for case in result.tests]
    assert len({case.name for case in streamed}) == len(streamed) == 3
    assert all(running)
    assert [case.outcome for case in streamed] == [Outcome.PASS, Outcome.TIMEOUT, Outcome.PASS]
    for live, final in zip(streamed, result.tests, strict=True):  # scored as in the final result
        assert (live.outcome, live.score, live.max_score) == (final.outcome, final.score, final.max_score)


@pytest.mark.parametrize("mode", ["fallback", "auto"])
def test_a_cancelled_grading_kills_its_tree_and_raises(adder: catalog.Exercise, tmp_path: Path, mode: str) -> None:
    submission = tmp_path / "adder.py"
    submission.write_text(DEADLOCKS)
    cancel = threading.Event()
    hung: set[int] = set()
    before = descendants(os.getpid())  # what earlier tests of this worker left (multiprocessing's tracker)

    def on_case(case: CaseResult) -> None:  # test_1_small has passed; test_2_large is about to deadlock
        hung.update(descendants(os.getpid()) - before)
        threading.Timer(0.5, cancel.set).start()

    started = time.monotonic()
    with pytest.raises(runner.Cancelled):
        runner.grade(adder, submission, on_case=on_case, cancel=cancel, wall_timeout=LONG_WALL, isolation_mode=mode)
    assert time.monotonic() - started < DEADLINE  # far below the wall limit: the grading was cut short
    assert hung, "no process of the grading was seen"
    assert not still_alive(hung)
    assert not still_alive(descendants(os.getpid()) - before)


def test_sandbox_cancel_kills_the_whole_tree(tmp_path: Path) -> None:
    # A child that starts a grandchild in a session of its own, then both sleep.
    script = (
        "import subprocess, sys, time\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'], start_new_session=True)\n"
        "print('ready', flush=True)\n"
        "time.sleep(600)\n"
    )
    cancel = threading.Event()
    before = descendants(os.getpid())  # what earlier tests of this worker left (multiprocessing's tracker)

    def cancel_when_ready() -> None:
        deadline = time.monotonic() + DEADLINE
        while len(descendants(os.getpid()) - before) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        cancel.set()

    threading.Thread(target=cancel_when_ready, daemon=True).start()
    ended = sandbox.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=sandbox.child_environment(tmp_path),
        wall_timeout=LONG_WALL,
        cancel=cancel,
    )
    assert ended.cancelled and not ended.timed_out
    assert ended.duration < DEADLINE
    assert not still_alive(descendants(os.getpid()) - before)
