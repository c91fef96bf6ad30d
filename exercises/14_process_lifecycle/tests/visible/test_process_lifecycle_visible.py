"""Visible tests for the process lifecycle: run them with `grade 14` while you work."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from functools import partial
from pathlib import Path

import lifecycle
import pytest

from grader.realproc import HangWatch
from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lifecycle_jobs_visible as jobs  # importable by name in the children

# Made for "spawn", these can be handed to children of any start method.
SHARED = multiprocessing.get_context("spawn")


def kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


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


@pytest.mark.points(1)
def test_exit_codes():
    out = lifecycle.run_jobs([partial(jobs.exit_with, 3), jobs.fail, partial(jobs.exit_with, 0)])
    assert same(list(out) if type(out) in (list, tuple) else out, [3, 1, 0]), (
        f"run_jobs([exits with 3, raises, exits with 0]) returned {show(out)}, expected [3, 1, 0]. "
        "None means a child was not waited for with p.join()."
    )


@pytest.mark.points(1)
def test_children_run_at_the_same_time():
    barrier = SHARED.Barrier(2)
    out = lifecycle.run_jobs([partial(jobs.meet, barrier), partial(jobs.meet, barrier)])
    assert same(list(out) if type(out) in (list, tuple) else out, [0, 0]), (
        f"run_jobs([two jobs that wait for each other]) returned {show(out)}, expected [0, 0]; "
        f"{jobs.MISSED} means the jobs never ran at the same time: start them all before joining any."
    )


@pytest.mark.points(1)
def test_stop_forever():
    pid_value = SHARED.Value("i", 0)
    ready = SHARED.Event()
    p = multiprocessing.Process(target=jobs.forever, args=(pid_value, ready))
    p.start()
    ready.wait(10)
    # If stop_forever only waits, the grader kills the child so that the test can end: once nothing has run for
    # 3 s (the child sleeps 1 s at a time), at the latest after 10 s.
    with HangWatch(partial(kill, pid_value.value), limit=10, idle=3) as watch:
        code = lifecycle.stop_forever(p)
    assert same(code, -signal.SIGTERM), (
        f"stop_forever(p) returned {show(code)}, expected {-signal.SIGTERM} (killed by SIGTERM); "
        f"{-signal.SIGKILL} means it never stopped the child: the grader killed it, stuck ({watch.how or 'in join'})."
    )
