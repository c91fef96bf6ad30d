"""Visible tests for pool workers reporting through a queue: run them with `grade 25` while you work."""

from __future__ import annotations

import multiprocessing
import sys
from functools import partial
from pathlib import Path

import progress
import pytest

from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import progress_jobs_visible as jobs  # importable by name in the workers


@pytest.fixture(autouse=True)
def no_children_left_behind():
    yield
    for p in multiprocessing.active_children():
        p.terminate()
    for p in multiprocessing.active_children():
        p.join(2)


@pytest.mark.points(1)
def test_run_collects_every_message():
    got = [tuple(m) for m in progress.run([1, 2, 3], 2)]
    expected = [("start", 1), ("done", 1), ("start", 2), ("done", 2), ("start", 3), ("done", 3)]
    # Compared as text: show() is repr() for plain data and never runs the code of anything else.
    assert sorted(map(show, got)) == sorted(map(repr, expected)), (
        f"run([1, 2, 3], 2) returned {show(got)}, expected these messages in any order: {expected!r}. "
        "None at all? A plain multiprocessing.Queue cannot travel to a pool worker: use Manager().Queue()."
    )


@pytest.mark.points(1)
def test_run_waits_for_slow_jobs(tmp_path):
    got = [tuple(m)[:2] for m in progress.run([7, 8], 2, job=partial(jobs.slow_job, str(tmp_path)))]
    expected = [("begin", 7), ("end", 7), ("begin", 8), ("end", 8)]
    assert sorted(map(show, got)) == sorted(map(repr, expected)), (
        f"run([7, 8], 2, job=<slow job>) returned {show(got)}, expected {expected!r} in any order: "
        "close() and join() the pool before draining the queue."
    )
