"""Visible tests for CPU-bound work in a process pool: run them with `grade 22` while you work."""

from __future__ import annotations

import multiprocessing
import os
import sys
from functools import partial
from pathlib import Path

import pytest
import squares

from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import square_jobs_visible as jobs  # importable by name in the workers


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
def test_same_result_as_serial():
    chunks = [list(range(1000)), list(range(1000, 1500)), []]
    out = squares.parallel_sum_of_squares(chunks, 2)
    want = sum(x * x for chunk in chunks for x in chunk)  # computed here: the submission's own serial code could lie
    assert same(out, want), f"parallel_sum_of_squares(chunks, 2) returned {show(out)}, expected {want}."


@pytest.mark.points(1)
def test_runs_in_two_worker_processes(tmp_path):
    out = squares.parallel_sum_of_squares([[1, 2], [3]], 2, partial(jobs.meet_and_square, str(tmp_path), os.getpid()))
    pids = jobs.pids(tmp_path)
    assert os.getpid() not in pids, "func ran in the parent process: threads share one GIL, use a process Pool."
    assert not jobs.missed(tmp_path), "The two chunks never ran at the same time in two processes."
    assert same(out, 14), f"parallel_sum_of_squares([[1, 2], [3]], 2, func) returned {show(out)}, expected 14."
