"""Hidden tests for CPU-bound work in a process pool: right sum, real worker processes side by side, none left."""

from __future__ import annotations

import multiprocessing
import os
import sys
from functools import partial
from pathlib import Path

import pytest
import squares

from grader.explorer import Violation
from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import square_jobs_hidden as jobs  # importable by name in the workers


def violation(kind, message):
    """A Violation the grader reports as `kind` outside explore() too."""
    exc = Violation(kind, message)
    exc.grader_diagnosis = {"kind": kind, "message": message}
    return exc


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


def expected(chunks):
    return sum(x * x for chunk in chunks for x in chunk)


def check_nothing_left(where):
    running = multiprocessing.active_children()
    if running:
        raise violation(
            "leaked_process",
            f"{where} returned while {len(running)} worker process(es) were still running. Finish the pool: "
            "`with multiprocessing.Pool(workers) as pool:` around the work, or pool.close() then pool.join().",
        )


def run_met(tmp_path, chunks, workers, where):
    out = squares.parallel_sum_of_squares(chunks, workers, partial(jobs.meet_and_square, str(tmp_path), os.getpid()))
    return check_ran(tmp_path, out, chunks, where)


def check_ran(tmp_path, out, chunks, where):
    pids = jobs.pids(tmp_path)
    if os.getpid() in pids:
        raise violation(
            "serialized",
            f"{where}: func ran inside the parent process (pid {os.getpid()}), not in a worker process. Threads "
            "(threading, ThreadPoolExecutor, multiprocessing.dummy) all run in the parent and share its one GIL, so "
            "CPU-bound work gains nothing from them. Use a process pool: multiprocessing.Pool(workers).",
        )
    if jobs.missed(tmp_path):
        raise violation(
            "serialized",
            f"{where}: the chunks ran one after the other, never in two processes at the same time (they ran in "
            f"{len(pids)} process(es) and waited {jobs.WAIT_LIMIT:g} s for each other in vain). Give the pool all "
            "the chunks at once (pool.map), not one blocking call per chunk, and create it with `workers` processes.",
        )
    assert same(out, expected(chunks)), f"{where} returned {show(out)}, expected {expected(chunks)}."
    return pids


@pytest.mark.points(1)
def test_module_api():
    for name in ("sum_of_squares", "serial_sum_of_squares", "parallel_sum_of_squares"):
        assert callable(getattr(squares, name, None)), f"squares.py must define a function {name}."
    assert same(squares.sum_of_squares([1, 2, 3]), 14), "sum_of_squares([1, 2, 3]) must be 1 + 4 + 9 = 14."
    assert same(squares.serial_sum_of_squares([[1, 2], [3]]), 14), "serial_sum_of_squares([[1, 2], [3]]) must be 14."


@pytest.mark.points(2)
def test_same_result_as_serial():
    chunks = [list(range(0, 3000)), list(range(3000, 5000)), [7], [], list(range(-50, 50))]
    where = "parallel_sum_of_squares(five chunks, workers=2)"
    out = squares.parallel_sum_of_squares(chunks, 2)
    assert same(out, expected(chunks)), (
        f"{where} returned {show(out)}, expected {expected(chunks)} (the serial result)."
    )
    check_nothing_left(where)
    assert same(squares.parallel_sum_of_squares([], 2), 0), "parallel_sum_of_squares([], 2) must return 0."


@pytest.mark.points(3)
def test_work_runs_in_two_processes_at_once(tmp_path):
    where = "parallel_sum_of_squares([two chunks that wait for each other], workers=2)"
    pids = run_met(tmp_path, [[1, 2, 3], [4, 5]], 2, where)
    assert len(pids) == 2, f"{where}: func ran in {len(pids)} process(es), expected the pool's 2 workers."
    check_nothing_left(where)


@pytest.mark.points(2)
def test_more_chunks_than_workers(tmp_path):
    chunks = [[i, i + 1] for i in range(0, 40, 2)]
    where = "parallel_sum_of_squares(20 chunks, workers=2)"
    pids = run_met(tmp_path, chunks, 2, where)
    if len(pids) > 2:
        raise violation(
            "over_limit",
            f"{where}: func ran in {len(pids)} different processes, but the pool may have at most workers=2. "
            "Create one multiprocessing.Pool(workers) and give it all the chunks, instead of a process per chunk.",
        )
    check_nothing_left(where)


@pytest.mark.points(2)
def test_three_workers(tmp_path):
    chunks = [list(range(k, k + 100)) for k in range(0, 600, 100)]
    where = "parallel_sum_of_squares(6 chunks, workers=3)"
    out = squares.parallel_sum_of_squares(chunks, 3, partial(jobs.note_and_square, str(tmp_path)))
    pids = check_ran(tmp_path, out, chunks, where)
    if len(pids) > 3:
        raise violation(
            "over_limit",
            f"{where}: func ran in {len(pids)} different processes, more than workers=3. "
            "Pass `workers` to multiprocessing.Pool.",
        )
    check_nothing_left(where)
