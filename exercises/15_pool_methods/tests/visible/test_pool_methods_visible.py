"""Visible tests for the pool methods: run them with `grade 15` while you work."""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.pool
import os
import sys
import threading
from functools import partial
from pathlib import Path

import pools
import pytest

from grader.realproc import HangGuard
from grader.realproc import kill_children
from grader.testing import exact_type
from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pool_jobs_visible as jobs  # importable by name in the workers

HANG_LIMIT = 15.0  # seconds at most per call (a job gives up waiting for another after 10 s)
IDLE = 1.5  # seconds in which nothing ran in any process: a hang (a job sleeps 0.2 s at most by design)


def terminate_pools(wait):
    """Terminate every Pool (`wait` seconds at most): a pool left open replaces the workers it loses."""
    found = [obj for obj in gc.get_objects() if isinstance(obj, multiprocessing.pool.Pool)]
    stopper = threading.Thread(target=lambda: [pool.terminate() for pool in found], daemon=True)
    stopper.start()
    stopper.join(wait)


def stop_pools():
    """A hung call's pools terminated (3 s at most), its workers killed."""
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


class Hang(Exception):
    pass


class Watchdog(HangGuard):
    """Watches the with block for nothing running in any process for IDLE s (or HANG_LIMIT s passing).

    If a job is waiting then (for another job that cannot run alongside it), the waiting jobs give up: they return
    their name + MISSED. Otherwise the call hangs: its pools are terminated, their workers killed, and the main
    thread (blocked in a join() or get()) is interrupted; `fired` says so and `how` how the hang was detected.
    """

    def __init__(self, folder):
        self.folder = folder
        self.gave_up = False
        super().__init__(Hang, limit=HANG_LIMIT, idle=IDLE, kill=stop_pools, wake=self._give_up)

    def _give_up(self):
        if self.gave_up or not jobs.waiting(self.folder):
            return False
        self.gave_up = True
        jobs.give_up(self.folder)
        return True

    def check(self, what):
        assert not self.fired, (
            f"{what} was stuck ({self.how}), so the grader terminated its pools. Do you wait for results of a pool "
            "that is gone (after its `with` block), or does a callback raise? Collect every result inside the "
            "`with` block, or close() then join() the pool once every result is in."
        )


@pytest.mark.points(1)
def test_map_in_pool(tmp_path):
    items = [("a", None, None), ("b", None, None), ("c", None, None)]
    with Watchdog(tmp_path) as dog:
        out = pools.map_in_pool(partial(jobs.step, str(tmp_path)), items, processes=2)
    dog.check("map_in_pool")
    assert same(out, ["a", "b", "c"]), f"map_in_pool returned {show(out)}, expected ['a', 'b', 'c']."
    assert os.getpid() not in jobs.pids(tmp_path), "map_in_pool ran func in the parent: use a multiprocessing.Pool."
    assert not multiprocessing.active_children(), "map_in_pool left worker processes running: close() and join()."


@pytest.mark.points(1)
def test_as_completed_yields_the_first_finished_first(tmp_path):
    # "a" waits until "c" has run, so "b" is the first result to be ready.
    items = [("a", "wait", "c-ran"), ("b", None, None), ("c", "raise", "c-ran")]
    with Watchdog(tmp_path) as dog:
        out = list(pools.as_completed(partial(jobs.step, str(tmp_path)), items, processes=2))
    dog.check("as_completed")
    exact_type(out, list[str], "what as_completed yielded")
    assert out and out[0] == "b", f"as_completed yielded {out!r}; 'b' finishes first, so it must come first."


@pytest.mark.points(1)
def test_collect_async(tmp_path):
    got = []
    items = [("a", "slow", 0.2), ("b", None, None)]
    with Watchdog(tmp_path) as dog:
        pools.collect_async(partial(jobs.step, str(tmp_path)), items, got.append, processes=2)
    dog.check("collect_async")
    exact_type(got, list[str], "what collect_async handed callback")
    assert sorted(got) == ["a", "b"], (
        f"collect_async handed callback {got!r}, expected 'a' and 'b' (in any order) before it returned."
    )
