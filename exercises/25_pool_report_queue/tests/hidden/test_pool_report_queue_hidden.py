"""Hidden tests for pool workers reporting through a queue: every message arrives, in the pool's workers."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import Counter
from functools import partial
from pathlib import Path

import progress
import pytest

from grader.explorer import Violation
from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import progress_jobs_hidden as jobs  # importable by name in the workers


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


def call(tasks, workers, where, **kwargs):
    try:
        return progress.run(tasks, workers, **kwargs)
    except RuntimeError as exc:
        if "inheritance" in str(exc):
            raise violation(
                "error",
                f"{where} raised RuntimeError: {exc}. A plain multiprocessing.Queue cannot be sent to a pool worker "
                "with a task; make the queue with multiprocessing.Manager().Queue(), whose proxy can.",
            ) from None
        raise


def check_messages(got, expected, where):
    got = [tuple(m) if type(m) is list else m for m in got]
    # Counted as text: show() is repr() for plain data and names anything else by its type without running its
    # code, so a message that only claims to equal an expected one is never counted as it.
    shown = [show(m) for m in got]
    lost = Counter(map(repr, expected)) - Counter(shown)
    if lost:
        hint = (
            "None arrived: if you pass a plain multiprocessing.Queue to apply_async, the pool cannot send the task "
            "at all (call .get() on the AsyncResult to see the RuntimeError); use multiprocessing.Manager().Queue()."
            if not got
            else "Close and join the pool before you drain the queue: the jobs were still running."
        )
        raise violation(
            "lost_item",
            f"{where} returned {len(got)} message(s); missing [{', '.join(sorted(lost.elements())[:6])}]"
            f"{' ...' if sum(lost.values()) > 6 else ''}. {hint}",
        )
    extra = Counter(shown) - Counter(map(repr, expected))
    assert not extra, f"{where}: unexpected messages [{', '.join(sorted(extra.elements())[:6])}]."


@pytest.mark.points(1)
def test_module_api():
    for name in ("work", "run"):
        assert callable(getattr(progress, name, None)), f"progress.py must define a function {name}."
    out = call([], 2, "run([], 2)")
    assert same(list(out) if type(out) in (list, tuple) else out, []), f"run([], 2) must return [], got {show(out)}."


@pytest.mark.points(2)
def test_work_reports_start_and_done():
    class Recorder:
        def __init__(self):
            self.items = []

        def put(self, item):
            self.items.append(item)

    recorder = Recorder()
    out = progress.work(6, recorder)
    assert same(out, 36), f"work(6, progress) returned {show(out)}, expected 36."
    got = [tuple(m) if type(m) in (list, tuple) else m for m in recorder.items]
    assert same(got, [("start", 6), ("done", 6)]), (
        f"work(6, progress) put {show(got)}, expected [('start', 6), ('done', 6)]."
    )


@pytest.mark.points(2)
def test_run_collects_every_message_of_work():
    tasks = [1, 2, 3, 4, 5]
    where = "run([1, 2, 3, 4, 5], 2)"
    got = call(tasks, 2, where)
    check_messages(list(got), [(kind, t) for t in tasks for kind in ("start", "done")], where)


@pytest.mark.points(3)
def test_run_waits_for_slow_jobs(tmp_path):
    tasks = [10, 20, 30, 40]
    where = "run([10, 20, 30, 40], 2, job=<a job that reports twice, 0.2 s apart>)"
    got = call(tasks, 2, where, job=partial(jobs.slow_job, str(tmp_path)))
    got = [tuple(m) if type(m) is list else m for m in got]
    pids = jobs.pids(tmp_path)
    if os.getpid() in pids:
        raise violation(
            "serialized",
            f"{where}: the job ran in the parent process, not in the pool's worker processes. Hand it to "
            "multiprocessing.Pool(workers) with apply_async or starmap.",
        )
    expected = [(kind, t) for t in tasks for kind in ("begin", "end")]
    check_messages([m[:2] for m in got if type(m) is tuple], expected, where)
    assert len(pids) <= 2, f"{where}: the job ran in {len(pids)} processes, more than the pool's 2 workers."
    order = {(m[0], m[1]): i for i, m in enumerate(got)}
    for t in tasks:
        assert order[("begin", t)] < order[("end", t)], f"{where}: ('end', {t}) came before ('begin', {t})."


@pytest.mark.points(2)
def test_run_with_three_workers(tmp_path):
    tasks = list(range(6))
    where = "run([0, 1, 2, 3, 4, 5], 3, job=<a slow job>)"
    got = call(tasks, 3, where, job=partial(jobs.slow_job, str(tmp_path)))
    check_messages(
        [tuple(m)[:2] if type(m) in (list, tuple) else m for m in got],
        [(kind, t) for t in tasks for kind in ("begin", "end")],
        where,
    )
    pids = jobs.pids(tmp_path)
    assert os.getpid() not in pids and 1 <= len(pids) <= 3, (
        f"{where}: the job ran in processes {pids}; expected up to 3 pool workers, never the parent."
    )
