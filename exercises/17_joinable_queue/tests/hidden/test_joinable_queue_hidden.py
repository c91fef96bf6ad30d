"""Hidden tests for the JoinableQueue: every item handled before run() returns, nothing stuck, nothing left."""

from __future__ import annotations

import multiprocessing
import os
import sys
from functools import partial
from pathlib import Path

import joinable
import pytest

from grader.explorer import Violation
from grader.realproc import HangGuard

sys.path.insert(0, str(Path(__file__).resolve().parent))
import joinable_jobs_hidden as jobs  # importable by name in the children

HANG_LIMIT = 8.0  # seconds; a correct call here takes about a second at most
SLOW = 0.3  # seconds each handle() takes: whoever returns before the last handle() is done is caught
# A hang is caught sooner, once nothing has run for IDLE seconds. A handle() sleeps, which looks just as idle,
# and one consumer handles up to three items in a row here (0.9 s of sleeping with next to no work between):
# IDLE stays well above that.
IDLE = 2.5
# Queues made for "spawn" can also be handed to children started with "fork" or "forkserver".
SHARED = multiprocessing.get_context("spawn")


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


class Hang(Exception):
    """Raised in the main thread by the watchdog's signal: the learner's call was stuck."""


STUCK = (
    "q.join() returns only when q.task_done() has been called once for every item put on q: does the consumer "
    "call q.task_done() after handling each item? And are the consumers, which never end by themselves, "
    "stopped with terminate() instead of being joined while they still run?"
)


def check_handled(folder, items, where, n_consumers=None):
    done = jobs.handled(folder)
    missing = [item for item in items if str(item) not in done]
    if missing:
        raise violation(
            "lost_item",
            f"{where} returned before {', '.join(map(str, missing))} had been handled (handle() takes {SLOW:g} s). "
            "q.join() must only return once every item is finished: call q.task_done() exactly once per item, "
            "and only after handle(item) has returned, never before it or twice.",
        )
    pids = set(done.values())
    if os.getpid() in pids:
        raise violation(
            "serialized",
            f"{where}: handle() ran in the parent process. The consumers are processes of their own.",
        )
    if n_consumers is not None and len(pids) > n_consumers:
        raise violation(
            "over_limit",
            f"{where}: the items were handled by {len(pids)} processes, but there are only {n_consumers} consumers.",
        )


def check_nothing_running(where):
    running = multiprocessing.active_children()
    if running:
        raise violation(
            "leaked_process",
            f"{where} returned while {len(running)} of its processes were still running. The daemon consumers "
            "loop forever: once every item is handled, stop them with terminate() and join() them.",
        )


def run(batches, n_consumers, folder, where):
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as dog:
        joinable.run(batches, n_consumers, partial(jobs.handle, folder, SLOW))
    if dog.fired:
        raise violation("timeout", f"{where} was stuck ({dog.how}). {STUCK}")
    check_handled(folder, [item for batch in batches for item in batch], where, n_consumers)
    check_nothing_running(where)


@pytest.mark.points(1)
def test_module_api(tmp_path):
    for name in ("consumer", "producer", "run"):
        assert callable(getattr(joinable, name, None)), f"joinable.py must define a function {name}."
    run([], 1, str(tmp_path), "run([], 1, handle)")


@pytest.mark.points(2)
def test_three_cooks_two_eaters(tmp_path):
    batches = [["bun0", "bun1"], ["bone0"], ["slop0", "slop1"]]
    run(batches, 2, str(tmp_path), f"run({batches!r}, 2, handle)")


@pytest.mark.points(1)
def test_one_consumer(tmp_path):
    batches = [["a", "b"], ["c"]]
    run(batches, 1, str(tmp_path), f"run({batches!r}, 1, handle)")


@pytest.mark.points(1)
def test_more_consumers_than_items(tmp_path):
    batches = [["only"]]
    run(batches, 3, str(tmp_path), f"run({batches!r}, 3, handle)")


@pytest.mark.points(1)
def test_empty_batches(tmp_path):
    batches = [[], ["x"], []]
    run(batches, 2, str(tmp_path), f"run({batches!r}, 2, handle)")


def start_consumers(n, folder):
    """The learner's consumer in n daemon processes of the test's own, on a JoinableQueue of the test's own."""
    q = SHARED.JoinableQueue()
    consumers = [
        multiprocessing.Process(target=joinable.consumer, args=(q, partial(jobs.handle, folder, SLOW)), daemon=True)
        for _ in range(n)
    ]
    for p in consumers:
        p.start()
    return q, consumers


@pytest.mark.points(2)
def test_consumer_reports_each_item_finished_once(tmp_path):
    folder = str(tmp_path)
    items = ["i0", "i1", "i2", "i3"]
    where = "two consumer processes fed four items, then q.join()"
    q, consumers = start_consumers(2, folder)
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as dog:
        for item in items:
            q.put(item)
        q.join()
    if dog.fired:
        raise violation("timeout", f"{where}: q.join() was stuck ({dog.how}). {STUCK}")
    check_handled(folder, items, where + " (q.join() returned)", 2)
    dead = [p.exitcode for p in consumers if not p.is_alive()]
    assert not dead, (
        f"{where}: {len(dead)} consumer(s) died (exit code {dead}). A consumer loops forever; q.task_done() "
        "called more often than items were taken raises ValueError."
    )


@pytest.mark.points(2)
def test_consumer_keeps_going_after_a_join(tmp_path):
    folder = str(tmp_path)
    where = "a consumer process fed one item, q.join(), then two more items, q.join()"
    q, consumers = start_consumers(1, folder)
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as dog:
        q.put("first")
        q.join()
        q.put("second")
        q.put("third")
        q.join()
    if dog.fired:
        raise violation("timeout", f"{where}: q.join() was stuck ({dog.how}). {STUCK}")
    check_handled(folder, ["first", "second", "third"], where + " (q.join() returned)", 1)
    assert consumers[0].is_alive(), (
        f"{where}: the consumer ended (exit code {consumers[0].exitcode}); it must loop forever, taking items "
        "as they come."
    )
