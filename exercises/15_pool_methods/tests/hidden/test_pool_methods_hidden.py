"""Hidden tests for the pool methods: real workers, pool size, order, laziness, callbacks, nothing left running."""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.pool
import os
import sys
import threading
from collections import Counter
from functools import partial
from pathlib import Path

import pools
import pytest

from grader.explorer import Violation
from grader.realproc import HangGuard
from grader.realproc import kill_children
from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pool_jobs_hidden as jobs  # importable by name in the workers

MISSED = jobs.MISSED
HANG_LIMIT = 15.0  # seconds at most per call: above the jobs' own WAIT_LIMIT (10 s), below test_timeout (20 s)
# A hang is caught sooner, once nothing has run for IDLE seconds in this process and its children. The longest
# designed sleep here is a 0.3 s "slow" job (a waiting job sleeps too, but only until some job or the test wakes
# it): IDLE stays well above three times that.
IDLE = 1.5
STUCK = (
    "A result that never comes is waited for forever: leaving `with multiprocessing.Pool(...) as pool:` "
    "terminates the pool, so collect every result (or iterate over imap) inside the block, not after it; a "
    "callback that raises stops the pool's result handler, and join() then waits forever. pool.close() then "
    "pool.join() ends a pool once every result is in."
)


def violation(kind, message):
    """A Violation the grader reports as `kind` outside explore() too."""
    exc = Violation(kind, message)
    exc.grader_diagnosis = {"kind": kind, "message": message}
    return exc


def terminate_pools(wait):
    """Terminate every Pool there is, waiting `wait` seconds at most. A pool left open keeps replacing the workers
    it loses: it has to be terminated as a whole, and while its workers live (one killed while it held the pool's
    task queue would leave terminate() waiting forever)."""
    found = [obj for obj in gc.get_objects() if isinstance(obj, multiprocessing.pool.Pool)]
    stopper = threading.Thread(target=lambda: [pool.terminate() for pool in found], daemon=True)
    stopper.start()
    stopper.join(wait)


def stop_pools():
    """What a hung call leaves is ended: its pools terminated (3 s at most), every child process killed."""
    terminate_pools(wait=3)
    kill_children()


@pytest.fixture(autouse=True)
def no_children_left_behind():
    """Whatever a test leaves running is stopped, so that it cannot disturb the next test or hang the exit."""
    yield
    terminate_pools(wait=5)
    for p in multiprocessing.active_children():
        p.terminate()
    for p in multiprocessing.active_children():
        p.join(2)
        if p.is_alive():
            p.kill()
            p.join(2)


@pytest.fixture
def folder(tmp_path):
    return str(tmp_path)


class Hang(Exception):
    """Raised in the main thread by the watchdog's signal: the learner's call was stuck."""


class Watchdog(HangGuard):
    """Watches a call of the learner's code (a with block) for nothing running any more in this process and its
    children, i.e. for IDLE seconds of quiet (grader.realproc.HangWatch), or for HANG_LIMIT seconds at most.

    The first time that some job is waiting then (for a job that will never run alongside it, or for the test to
    get a result first), the watchdog makes the waiting jobs give up: they return their name followed by MISSED,
    and the call goes on, to be judged by its results (HANG_LIMIT still counts from the start). Otherwise the call
    hangs: the watchdog terminates the pools, kills the child processes and interrupts the main thread (blocked
    in a join() or get()) with Hang; the with block ends there and `fired` is true. `how` says how the hang was
    detected, `gave_up` whether the waiting jobs were stopped.
    """

    def __init__(self, folder=None):
        self.folder = folder
        self.gave_up = False
        super().__init__(Hang, limit=HANG_LIMIT, idle=IDLE, kill=stop_pools, wake=self._give_up)

    def _give_up(self):
        if not self.folder or self.gave_up or not jobs.waiting(self.folder):
            return False
        self.gave_up = True
        jobs.give_up(self.folder)
        return True

    def check(self, where):
        """Raise a `timeout` violation if the call hung."""
        if self.fired:
            raise violation(
                "timeout",
                f"{where} was stuck ({self.how}), so the grader terminated its pools and killed their workers. {STUCK}",
            )

    def gave_up_text(self, who="they"):
        """How the waiting jobs were stopped, for a message."""
        if self.gave_up:
            return f"{who} gave up once nothing had run for {IDLE:g} s, every process waiting"
        return f"{who} gave up after {jobs.WAIT_LIMIT:g} s"


def check_workers(folder, where, processes=2):
    """The jobs ran in at most `processes` worker processes, none of them the parent; none is left running."""
    seen = set(jobs.pids(folder))
    if os.getpid() in seen:
        raise violation(
            "serialized",
            f"{where}: func ran in the parent process itself, not in the pool's workers. "
            "Hand func and the items to a multiprocessing.Pool method instead of calling func yourself.",
        )
    if len(seen) > processes:
        raise violation(
            "over_limit",
            f"{where}: the jobs ran in {len(seen)} different processes, but the pool may have at most "
            f"processes={processes} workers. Create one multiprocessing.Pool(processes) and give it all the items.",
        )
    running = multiprocessing.active_children()
    if running:
        raise violation(
            "leaked_process",
            f"{where}: {len(running)} worker process(es) were still running after it returned. Finish the pool: "
            "pool.close() then pool.join(), or `with multiprocessing.Pool(processes) as pool:` once every result "
            "is in.",
        )


def check_met(results, where, dog):
    missed = [r for r in results if type(r) is str and r.endswith(MISSED)]
    if missed:
        raise violation(
            "serialized",
            f"{where} gave {show(results)}: the jobs that wait for each other never ran at the same time "
            f"({dog.gave_up_text()}). Let the pool's workers run them side by side.",
        )


def check_same_items(got, expected, where, verb="gave"):
    # Counted as text: show() is repr() for plain data and names anything else by its type without running
    # its code, so a result that only claims to equal an expected one is never counted as it.
    shown = [show(item) for item in got]
    lost = Counter(map(repr, expected)) - Counter(shown)
    extra = Counter(shown) - Counter(map(repr, expected))
    if lost or extra:
        raise violation(
            "lost_item",
            f"{where} {verb} [{', '.join(shown)}], expected each of {sorted(expected)!r} exactly once"
            + (f"; missing [{', '.join(sorted(lost.elements()))}]" if lost else "")
            + (f"; unexpected [{', '.join(sorted(extra.elements()))}]" if extra else "")
            + ".",
        )


@pytest.mark.points(1)
def test_module_api():
    for name in ("map_in_pool", "in_order", "as_completed", "collect_async"):
        assert callable(getattr(pools, name, None)), f"pools.py must define a function {name}."
    with Watchdog() as dog:
        out = pools.map_in_pool(abs, [])
    dog.check("map_in_pool(func, [])")
    assert same(out, []), f"map_in_pool(func, []) must return [], got {show(out)}."
    for name in ("in_order", "as_completed"):
        with Watchdog() as dog:
            out = getattr(pools, name)(abs, [])
            is_iterator = type(out) not in (list, tuple) and iter(out) is out
            got = list(out) if is_iterator else None
        dog.check(f"{name}(func, [])")
        assert is_iterator, (
            f"{name}(func, items) must be a generator or return an iterator (results one by one), got {show(out)}."
        )
        assert same(got, []), f"{name}(func, []) must yield nothing, got {show(got)}."


@pytest.mark.points(2)
def test_map_in_pool_keeps_input_order(folder):
    # "a" can only finish after "c" has run, yet map gives the results in input order.
    items = [("a", "wait", "c-ran"), ("b", None, None), ("c", "raise", "c-ran"), ("d", "slow", 0.1)]
    where = "map_in_pool(func, [a waits for c, b, c, d], processes=2)"
    with Watchdog(folder) as dog:
        out = pools.map_in_pool(partial(jobs.step, folder), items, processes=2)
    dog.check(where)
    check_workers(folder, where)
    check_met(out, where, dog)
    assert same(out, ["a", "b", "c", "d"]), f"{where} returned {show(out)}, expected the list ['a', 'b', 'c', 'd']."


@pytest.mark.points(1)
def test_map_in_pool_runs_workers_side_by_side(folder):
    items = [("x", "meet", "m"), ("y", "meet", "m")]
    where = "map_in_pool(func, [x and y wait for each other], processes=2)"
    with Watchdog(folder) as dog:
        out = pools.map_in_pool(partial(jobs.step, folder), items, processes=2)
    dog.check(where)
    check_met(out, where, dog)
    check_workers(folder, where)
    assert same(out, ["x", "y"]), f"{where} returned {show(out)}, expected ['x', 'y']."


@pytest.mark.points(1)
def test_map_in_pool_respects_the_pool_size(folder):
    items = [(name, "slow", 0.05) for name in "pqrstu"]
    where = "map_in_pool(func, six items, processes=2)"
    with Watchdog(folder) as dog:
        out = pools.map_in_pool(partial(jobs.step, folder), items, processes=2)
    dog.check(where)
    check_workers(folder, where, processes=2)
    assert same(out, list("pqrstu")), f"{where} returned {show(out)}, expected {list('pqrstu')!r}."


@pytest.mark.points(2)
def test_in_order_keeps_input_order(folder):
    # "b" is ready long before "a" (which waits until "c" has run); in_order still yields a, b, c.
    items = [("a", "wait", "c-ran"), ("b", None, None), ("c", "raise", "c-ran")]
    where = "in_order(func, [a waits for c, b, c], processes=2)"
    with Watchdog(folder) as dog:
        out = list(pools.in_order(partial(jobs.step, folder), items, processes=2))
    dog.check(where)
    check_met(out, where, dog)
    assert same(out, ["a", "b", "c"]), (
        f"{where} yielded {show(out)}, expected ['a', 'b', 'c']: in_order yields in input order even when a "
        "later item finishes first. pool.imap keeps the order; imap_unordered does not."
    )
    check_workers(folder, where)


@pytest.mark.points(2)
def test_in_order_yields_before_everything_is_done(folder):
    # "d" waits until the test has received "b": only a lazy, ordered iterator can give "b" first.
    items = [("b", None, None), ("d", "wait", "b-received")]
    where = "in_order(func, [b, d waits until b has been yielded], processes=2)"
    with Watchdog(folder) as dog:
        results = pools.in_order(partial(jobs.step, folder), items, processes=2)
        first = next(results)
        jobs.raise_flag(folder, "b-received")
        rest = list(results)
    dog.check(where)
    out = [first, *rest]
    if same(out, ["b", "d" + MISSED]):
        raise AssertionError(
            f"{where} yielded {out!r}: it only gave the first result once every result was in (d waited for "
            f"the test to get b, in vain: {dog.gave_up_text('it')}). pool.map returns the whole list at the "
            "end; pool.imap yields each result as soon as it is ready."
        )
    assert same(out, ["b", "d"]), f"{where} yielded {show(out)}, expected ['b', 'd']."
    check_workers(folder, where)


@pytest.mark.points(2)
def test_as_completed_yields_the_first_finished_first(folder):
    # "a" cannot finish before "c" has run, and "c" only runs once "b" is done: "b" finishes first.
    items = [("a", "wait", "c-ran"), ("b", None, None), ("c", "raise", "c-ran")]
    where = "as_completed(func, [a waits for c, b, c], processes=2)"
    with Watchdog(folder) as dog:
        results = pools.as_completed(partial(jobs.step, folder), items, processes=2)
        first = next(results)
        out = [first, *results]
    dog.check(where)
    check_met(out, where, dog)
    check_same_items(out, ["a", "b", "c"], where)
    assert same(first, "b"), (
        f"{where} yielded {show(out)}: the first result must be 'b', the first one to finish ('a' waits for 'c'). "
        "pool.imap_unordered yields each result the moment it is ready; imap and map wait for 'a' first."
    )
    check_workers(folder, where)


@pytest.mark.points(1)
def test_as_completed_with_more_items_than_workers(folder):
    items = [(name, "slow", 0.02) for name in "vwxyz"]
    where = "as_completed(func, five items, processes=2)"
    with Watchdog(folder) as dog:
        out = list(pools.as_completed(partial(jobs.step, folder), items, processes=2))
    dog.check(where)
    check_same_items(out, list("vwxyz"), where)
    check_workers(folder, where)


def collect(folder, items, where):
    """collect_async under a watchdog: (what it handed callback, the watchdog)."""
    got = []
    callers = set()

    def callback(result):
        callers.add(os.getpid())
        got.append(result)

    with Watchdog(folder) as dog:
        out = pools.collect_async(partial(jobs.step, folder), items, callback, processes=2)
    dog.check(where)
    assert out is None, f"{where} returned {show(out)}; it hands every result to callback and returns None."
    assert callers <= {os.getpid()}, f"{where}: callback ran outside the parent process."
    return got, dog


@pytest.mark.points(2)
def test_collect_async_gets_every_result_before_returning(folder):
    items = [("a", "slow", 0.3), ("b", None, None), ("c", "slow", 0.2)]
    where = "collect_async(func, [a (0.3 s), b, c (0.2 s)], callback, processes=2)"
    got, _ = collect(folder, items, where)
    check_same_items(got, ["a", "b", "c"], where, verb="handed callback")
    check_workers(folder, where)


@pytest.mark.points(1)
def test_collect_async_runs_tasks_side_by_side(folder):
    items = [("x", "meet", "m"), ("y", "meet", "m")]
    where = "collect_async(func, [x and y wait for each other], callback, processes=2)"
    got, dog = collect(folder, items, where)
    check_met(got, where, dog)
    check_same_items(got, ["x", "y"], where, verb="handed callback")
    check_workers(folder, where)


@pytest.mark.points(1)
def test_collect_async_results_come_in_finishing_order(folder):
    # callback gets each result when it is ready: b before a, since a waits until c has run.
    items = [("a", "wait", "c-ran"), ("b", None, None), ("c", "raise", "c-ran")]
    where = "collect_async(func, [a waits for c, b, c], callback, processes=2)"
    got, dog = collect(folder, items, where)
    check_met(got, where, dog)
    check_same_items(got, ["a", "b", "c"], where, verb="handed callback")
    assert got.index("b") < got.index("a"), (
        f"{where} handed callback {got!r}: 'a' came before 'b', although 'b' finished first. Let apply_async "
        "call callback when each result is ready, instead of collecting the results with get() in order."
    )
    check_workers(folder, where)
