"""Hidden tests for the service: stop() finishes current items only, loses nothing, leaves no thread."""

from __future__ import annotations

import inspect
import threading as real_threading
import time as real_time
from collections import Counter

import pytest
import service

from grader.explorer import Violation
from grader.testing import exact_type
from grader.testing import same
from grader.testing import show


class Handler:
    """Records every item it starts and finishes; each item takes `work(item)` virtual seconds."""

    def __init__(self, explore, work=lambda item: 1.0):
        self._lock = explore.threading.Lock()
        self._sleep = explore.sleep
        self.work = work
        self.started = []
        self.finished = []
        self.after_stop = []
        self.stop_called = False
        self.active = 0
        self.peak = 0

    def __call__(self, item):
        with self._lock:
            self.started.append(item)
            if self.stop_called:
                self.after_stop.append(item)
            self.active += 1
            self.peak = max(self.peak, self.active)
        self._sleep(self.work(item))
        with self._lock:
            self.active -= 1
            self.finished.append(item)


def threads_left(explore):
    """True if a thread other than the scenario's is alive: the scenario then returns at once, and the
    explorer reports leaked_thread, naming each thread and the line it is on."""
    threading = explore.threading
    main = threading.main_thread()
    return any(t is not main and t.is_alive() for t in threading.enumerate())


def stop(svc, handler, where):
    handler.stop_called = True
    leftovers = svc.stop()
    assert type(leftovers) is list, f"{where}: stop() returned {show(leftovers)}; it must return a plain list of items."
    exact_type(handler.started, list, f"{where}: the items the handler was given")
    return exact_type(leftovers, list, f"{where}: the items stop() returned")


def check_accounted(handler, leftovers, submitted, where):
    """Every submitted item was handled exactly once or returned by stop() exactly once."""
    if handler.active:
        raise AssertionError(
            f"{where}: stop() returned while the handler was still working on an item. stop() must "
            "wait (join) until every worker has finished its current item and ended."
        )
    got = Counter(handler.started) + Counter(leftovers)
    want = Counter(submitted)
    lost = sorted((want - got).elements())
    twice = sorted((got - want).elements())
    if lost or twice:
        problems = []
        if lost:
            problems.append(f"neither handled nor returned by stop(): {lost}")
        if twice:
            problems.append(f"handled or returned more than once: {twice}")
        raise Violation(
            "lost_item",
            f"{where}: {'; '.join(problems)} (handled: {handler.started}, returned by stop(): "
            f"{leftovers}). Every accepted item must be handled exactly once, or, if no worker has "
            "started it when stop() is called, returned by stop(). A worker that takes an item from "
            "the queue and then sees the stop event must still handle it (or give it back).",
        )


@pytest.mark.points(1)
def test_api():
    assert inspect.isclass(getattr(service, "Service", None)), "service.py must define class Service."
    params = inspect.signature(service.Service).parameters
    assert list(params)[:2] == ["handler", "workers"], (
        f"Service must be created as Service(handler, workers=2), found ({', '.join(params)})."
    )
    assert same(params["workers"].default, 2), "workers must default to 2."
    for name in ("start", "submit", "stop"):
        assert callable(getattr(service.Service, name, None)), f"Service must have a method {name}()."


@pytest.mark.points(1)
def test_an_idle_service_waits_quietly_and_stops(explore):
    def scenario(mod):
        handler = Handler(explore)
        svc = mod.Service(handler, workers=2)
        svc.start()
        explore.sleep(1.0)  # nothing to do for a while: idle workers must wait, not spin
        leftovers = stop(svc, handler, "an idle service")
        if threads_left(explore):
            return
        assert leftovers == [], f"stop() of a service that was given nothing returned {leftovers!r}; expected []."

    explore(scenario, module="service")


@pytest.mark.points(1)
def test_every_item_is_handled_when_there_is_time(explore):
    def scenario(mod):
        handler = Handler(explore, work=lambda item: 0.1)
        svc = mod.Service(handler, workers=2)
        svc.start()
        items = ["a", "b", "c", "d", "e"]
        for item in items:
            svc.submit(item)
        explore.sleep(2.0)  # plenty of time for five items of 0.1 s on two workers
        where = "five items of 0.1 s, two workers, stop() 2 s later"
        leftovers = stop(svc, handler, where)
        if threads_left(explore):
            return
        check_accounted(handler, leftovers, items, where)
        assert same(sorted(handler.finished), items) and leftovers == [], (
            f"{where}: the handler finished {handler.finished} and stop() returned {leftovers}; every "
            "item should have been handled long before stop()."
        )

    explore(scenario, module="service")


@pytest.mark.points(3)
def test_stop_finishes_current_items_and_returns_the_rest(explore):
    def scenario(mod):
        handler = Handler(explore)  # every item takes 1 s
        svc = mod.Service(handler, workers=2)
        svc.start()
        items = list(range(6))
        for item in items:
            svc.submit(item)
        # Two workers: items 0 and 1 run 0..1 s, items 2 and 3 run 1..2 s; stop() comes at 1.5 s.
        explore.sleep(1.5)
        where = "six items of 1 s, two workers, stop() at 1.5 s"
        leftovers = stop(svc, handler, where)
        if threads_left(explore):
            return
        check_accounted(handler, leftovers, items, where)
        assert not handler.after_stop, (
            f"{where}: the workers started {handler.after_stop} after stop() had been called. A "
            "graceful stop finishes the items in progress and starts no new one: the items still "
            "waiting are returned by stop(), not worked through (stop signals queued behind the items "
            "make the workers handle them all first)."
        )
        assert same(sorted(handler.finished), [0, 1, 2, 3]) and same(leftovers, [4, 5]), (
            f"{where}: the handler finished {sorted(handler.finished)} and stop() returned {leftovers}; "
            "expected items 0-3 handled (2 and 3 were in progress and must be finished) and [4, 5] "
            "returned, in the order they were submitted. Do both workers take items at the same time?"
        )

    explore(scenario, module="service")


@pytest.mark.points(2)
@pytest.mark.parametrize("workers", [1, 3])
def test_nothing_is_lost_or_handled_twice(explore, workers):
    def scenario(mod):
        handler = Handler(explore, work=lambda item: 0.3 + 0.2 * (item % 3))
        svc = mod.Service(handler, workers=workers)
        for item in range(3):
            svc.submit(item)  # accepted before start(): handled once the workers run
        svc.start()
        explore.sleep(0.4)
        for item in range(3, 8):
            svc.submit(item)
        explore.sleep(0.35)
        where = f"eight items, {workers} worker(s), stop() at 0.75 s"
        leftovers = stop(svc, handler, where)
        if threads_left(explore):
            return
        check_accounted(handler, leftovers, list(range(8)), where)
        assert not handler.after_stop, (
            f"{where}: the workers started {handler.after_stop} after stop() had been called; items "
            "still waiting must be returned by stop(), not handled."
        )
        assert leftovers == sorted(leftovers), (
            f"{where}: stop() returned {leftovers}; the items must be in the order they were submitted."
        )

    explore(scenario, module="service")


@pytest.mark.points(1)
def test_submit_after_stop_is_refused(explore):
    def scenario(mod):
        handler = Handler(explore)
        svc = mod.Service(handler, workers=1)
        svc.start()
        stop(svc, handler, "a service stopped at once")
        if threads_left(explore):
            return
        try:
            svc.submit("late")
        except RuntimeError:
            pass
        else:
            raise AssertionError(
                "submit('late') after stop() was accepted, but no worker is left to handle it: the item "
                "would be lost. After stop(), submit() must raise RuntimeError."
            )

    explore(scenario, module="service")


@pytest.mark.points(1)
def test_with_real_threads():
    before = set(real_threading.enumerate())
    done = []
    lock = real_threading.Lock()

    def handler(item):
        real_time.sleep(0.2)
        with lock:
            done.append(item)

    svc = service.Service(handler, workers=2)
    svc.start()
    for item in range(6):
        svc.submit(item)
    real_time.sleep(0.3)
    leftovers = svc.stop()
    # Only threads still running after a grace period are left behind; whether they were joined is for the
    # explorer to judge, which controls the schedule and so decides the same way on every run.
    deadline = real_time.monotonic() + 2.0
    for thread in set(real_threading.enumerate()) - before:
        thread.join(max(0.0, deadline - real_time.monotonic()))
    left = [t.name for t in set(real_threading.enumerate()) - before if t.is_alive()]
    if left:
        exc = AssertionError(f"stop() returned while the threads {left} were still alive: join the workers.")
        exc.grader_diagnosis = {"kind": "leaked_thread", "message": str(exc)}
        raise exc
    exact_type(done, list[int], "the items the handler was given")
    exact_type(leftovers, list[int], "the items stop() returned")
    assert sorted(done + leftovers) == list(range(6)), (
        f"With real threads: handled {sorted(done)}, stop() returned {leftovers}; together they must be "
        "every submitted item exactly once."
    )
