"""Visible tests for the JoinableQueue: run them with `grade 17` while you work."""

from __future__ import annotations

import multiprocessing
import sys
from functools import partial
from pathlib import Path

import joinable
import pytest

from grader.realproc import HangGuard

sys.path.insert(0, str(Path(__file__).resolve().parent))
import joinable_jobs_visible as jobs  # importable by name in the children

HANG_LIMIT = 8.0  # seconds at most
IDLE = 1.5  # seconds in which nothing ran in any process: a hang (a handle() sleeps only 0.2 s)


class Hang(Exception):
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


def run(batches, n_consumers, folder):
    """joinable.run, stopped (its processes killed) once it hangs: nothing ran for IDLE s, or HANG_LIMIT s passed."""
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as guard:
        joinable.run(batches, n_consumers, partial(jobs.handle, folder, 0.2))
    assert not guard.fired, (
        f"run({batches!r}, {n_consumers}, handle) was stuck ({guard.how}): does the consumer "
        "call q.task_done() for every item, and are the consumers stopped once the work is done?"
    )


@pytest.mark.points(1)
def test_every_item_is_handled(tmp_path):
    batches = [["bun0", "bun1"], ["bone0"]]
    run(batches, 2, str(tmp_path))
    done = sorted(jobs.handled(tmp_path))
    assert done == ["bone0", "bun0", "bun1"], (
        f"run({batches!r}, 2, handle) returned when only {done} had been handled; q.join() must wait for all."
    )


@pytest.mark.points(1)
def test_no_process_is_left_running(tmp_path):
    run([["a"], ["b"]], 2, str(tmp_path))
    running = multiprocessing.active_children()
    assert not running, (
        f"run() returned while {len(running)} process(es) were still running: terminate() and join() the "
        "consumers once the work is done."
    )
