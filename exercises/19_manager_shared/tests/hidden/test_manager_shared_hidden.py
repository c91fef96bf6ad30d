"""Hidden tests for the Manager: the parent sees every record, as plain copies, with nothing left running."""

from __future__ import annotations

import multiprocessing
import os
import sys
from functools import partial
from pathlib import Path

import pytest
import shared_records

from grader.explorer import Violation
from grader.realproc import HangGuard
from grader.testing import exact_type
from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import manager_jobs_hidden as jobs  # importable by name in the children

HANG_LIMIT = 20.0  # seconds at most; a correct run() here takes about a second
# A hang is caught sooner, once nothing has run for IDLE seconds. The longest designed sleep here is the 0.3 s
# of a slow_record(), which looks just as idle: IDLE stays well above it (meet_record() polls: it runs).
IDLE = 1.5


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


def run(items, where, work=None):
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as dog:
        out = shared_records.run(items) if work is None else shared_records.run(items, work)
    if dog.fired:
        raise violation("timeout", f"{where} was stuck ({dog.how}), so the grader killed its processes.")
    assert type(out) is tuple and len(out) == 2, f"{where} returned {show(out)}; it must return (dict, list)."
    d, lst = out
    assert type(d) is dict and type(lst) is list, (
        f"{where} returned a {type(d).__name__} and a {type(lst).__name__}; it must return a plain dict and a "
        "plain list: copies made with dict(proxy) and list(proxy) while the manager is still running. A proxy "
        "stops working once its manager has shut down."
    )
    running = multiprocessing.active_children()
    if running:
        raise violation(
            "leaked_process",
            f"{where} returned while {len(running)} of its processes were still running (a Manager is a process "
            "too). Join every child, and shut the manager down: `with multiprocessing.Manager() as manager:` "
            "does it at the end of the block.",
        )
    # Plain keys, values and items only: `in`, sorted() and == below run only the builtins' code.
    return exact_type(d, dict, f"the dict {where} returned"), exact_type(lst, list, f"the list {where} returned")


def check_records(d, lst, items, where):
    missing = [item for item in items if item not in d or item not in lst]
    if missing or sorted(lst) != sorted(items) or sorted(d) != sorted(items):
        raise violation(
            "lost_item",
            f"{where} returned the dict {d!r} and the list {lst!r}; expected an entry for each of {items!r} in "
            "both. A child process writes into its own copy of a plain dict or list, which the parent never "
            "sees: give the children a manager.dict() and a manager.list(), and wait for every child before "
            "reading them.",
        )
    pids = set(d.values())
    if os.getpid() in pids:
        raise violation("serialized", f"{where}: some items were recorded by the parent process itself.")
    assert len(pids) == len(items), (
        f"{where}: the {len(items)} items were recorded by {len(pids)} processes; start one child per item."
    )


@pytest.mark.points(1)
def test_module_api():
    for name in ("record", "run"):
        assert callable(getattr(shared_records, name, None)), f"shared_records.py must define a function {name}."
    d, lst = run([], "run([])")
    assert d == {} and lst == [], f"run([]) must return ({{}}, []), got ({d!r}, {lst!r})."


@pytest.mark.points(1)
def test_record_writes_both():
    d, lst = {}, []
    shared_records.record(d, lst, "x")
    assert same(d, {"x": os.getpid()}) and same(lst, ["x"]), (
        f"record(d, lst, 'x') in this process left d={show(d)}, lst={show(lst)}; expected d={{'x': {os.getpid()}}}, lst=['x']."
    )


@pytest.mark.points(3)
def test_the_parent_sees_every_record():
    items = ["a", "b", "c"]
    d, lst = run(items, f"run({items!r})")
    check_records(d, lst, items, f"run({items!r})")


@pytest.mark.points(2)
def test_waits_for_slow_children():
    items = ["slow1", "slow2"]
    where = f"run({items!r}, work=a record() that takes 0.3 s)"
    d, lst = run(items, where, jobs.slow_record)
    check_records(d, lst, items, where)


@pytest.mark.points(2)
def test_children_run_side_by_side(tmp_path):
    items = ["m1", "m2", "m3"]
    (tmp_path / "count").write_text(str(len(items)))
    where = f"run({items!r}, work=a record() that waits until all three children have started)"
    d, lst = run(items, where, partial(jobs.meet_record, str(tmp_path)))
    if any(str(item).endswith(jobs.MISSED) for item in lst):
        raise violation(
            "serialized",
            f"{where} returned the list {lst!r}: the children never ran at the same time (they waited "
            f"{jobs.WAIT_LIMIT:g} s for each other in vain). Start every child before joining any.",
        )
    check_records(d, lst, items, where)


@pytest.mark.points(1)
def test_numbers_as_keys():
    items = [0, 1, 2, 3]
    d, lst = run(items, f"run({items!r})")
    check_records(d, lst, items, f"run({items!r})")
