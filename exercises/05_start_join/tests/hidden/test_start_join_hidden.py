"""Hidden tests for the start-join exercise: the full contract of run_named in workers.py."""

from __future__ import annotations

import threading as real_threading
import time as real_time

import pytest

from grader.explorer import Violation
from grader.testing import exact
from grader.testing import same
from grader.testing import show


class Leaked(AssertionError):
    """Threads still running after run_named returned (real threads): reported as leaked_thread."""

    def __init__(self, message):
        super().__init__(message)
        self.grader_diagnosis = {"kind": "leaked_thread", "message": message}


def names(n):
    return [f"Worker-{i}" for i in range(1, n + 1)]


def check_results(results, expected, call):
    assert type(results) is list, f"{call} should return a plain list, got {show(results)}."
    assert len(results) == len(expected), (
        f"{call} returned {len(results)} results ({show(results)}) but there are {len(expected)} threads: "
        "return one result per thread."
    )
    if not same(results, expected):
        if sorted(map(show, results)) == sorted(map(show, expected)):
            advice = (
                "All the results are there, but in the order the threads finished. Store what "
                "Worker-i's work returns at index i - 1 (results[i - 1] = ...) instead of appending."
            )
        elif any(r is None for r in results):
            advice = (
                "Some places are still None: run_named returned before those threads had stored their "
                "results. Join every thread before returning."
            )
        else:
            advice = "results[i - 1] must be what work('Worker-i') returned."
        raise AssertionError(f"{call} returned {show(results)}, expected {expected!r}. {advice}")


class Calls:
    """A work function for explored scenarios: checks the calling thread, records the calls."""

    def __init__(self, explore, n, *, rendezvous=False, hold=None):
        self.threading = explore.threading
        self.sleep = explore.sleep
        self.n = n
        self.rendezvous = rendezvous
        self.hold = hold
        self.calls = []
        self.finished = []

    def __call__(self, name):
        if type(name) is not str:
            raise Violation("wrong_result", f"work was called with {show(name)}; pass it the thread's name, a str.")
        me = self.threading.current_thread().name
        if me != name:
            if me == "MainThread":
                where = (
                    "in the main thread. Did you write target=work(name)? That calls work right away; "
                    "pass the function itself and its argument: target=..., args=(name,)"
                )
            else:
                where = (
                    f"in a thread named {me!r}. Name each thread when you create it: "
                    "threading.Thread(target=..., name=f'Worker-{i}')"
                )
            raise Violation("wrong_result", f"work({name!r}) was called {where}.")
        self.calls.append(name)
        if self.rendezvous:
            self._wait_for_everyone(name)
        if self.hold is not None:
            self.sleep(self.hold(name))
        self.finished.append(name)
        return f"result of {name}"

    def _wait_for_everyone(self, name):
        # Give the other workers plenty of (virtual) time to reach work() as well. Time passes
        # only when no thread can run, so a started thread always gets here first.
        for _ in range(100):
            if len(self.calls) == self.n:
                return
            self.sleep(0.01)
        others = [x for x in names(self.n) if x not in self.calls]
        raise Violation(
            "serialized",
            f"While {name} was working, {', '.join(others)} never started working: the threads ran "
            "one after another, not at the same time. Start every thread first and only then join "
            "them (a join() inside the loop that starts them waits for each thread before the next "
            "one starts).",
        )


def still_working(explore, work, n):
    """True if run_named returned while some of its threads still run (the explorer reports them as leaked)."""
    if len(work.finished) == n:
        return False
    main = explore.threading.main_thread()
    if any(t is not main and t.is_alive() for t in explore.threading.enumerate()):
        # Returning now lets the explorer report the threads still running as leaked_thread,
        # naming each one and where it is.
        return True
    assert sorted(work.calls) == names(n), (
        f"run_named({n}, work) called work with {sorted(work.calls)}, but it must call it exactly "
        f"once for each of {names(n)}."
    )
    return False


# -- plain calls (real threads) -----------------------------------------------------------------


@pytest.mark.points(1)
def test_no_threads_gives_an_empty_list():
    import workers

    exact(workers.run_named(0, str.upper), [], "run_named(0, work)", hint="It should start no thread and return [].")


@pytest.mark.points(1)
def test_with_real_threads():
    import workers

    seen = {}
    lock = real_threading.Lock()

    def work(name):
        assert type(name) is str, f"work was called with {show(name)}; pass it the thread's name, a str."
        with lock:
            seen[name] = real_threading.current_thread().name
        return name.lower()

    before = set(real_threading.enumerate())
    results = workers.run_named(4, work)
    # Only threads still running after a grace period are left behind; whether they were joined is for the
    # explorer to judge, which controls the schedule and so decides the same way on every run.
    deadline = real_time.monotonic() + 2.0
    for thread in set(real_threading.enumerate()) - before:
        thread.join(max(0.0, deadline - real_time.monotonic()))
    left = [t.name for t in set(real_threading.enumerate()) - before if t.is_alive()]
    if left:
        raise Leaked(
            f"run_named(4, work) returned while its threads {left} were still running. "
            "Call join() on every thread before returning."
        )
    check_results(results, [x.lower() for x in names(4)], "run_named(4, work)")
    wrong = {k: v for k, v in seen.items() if k != v}
    assert not wrong, (
        f"work was called with the wrong thread running: {wrong} (argument: thread that ran it). "
        "Thread Worker-i must call work('Worker-i') itself."
    )


# -- concurrency properties (schedule explorer) -------------------------------------------------


@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1, 3])
def test_each_worker_runs_in_its_own_named_thread(explore, n):
    def scenario(workers):
        work = Calls(explore, n)
        results = workers.run_named(n, work)
        if still_working(explore, work, n):
            return
        assert sorted(work.calls) == names(n), (
            f"run_named({n}, work) called work with {sorted(work.calls)}, but it must call it exactly "
            f"once for each of {names(n)}."
        )
        check_results(results, [f"result of {x}" for x in names(n)], f"run_named({n}, work)")

    explore(scenario, module="workers")


@pytest.mark.points(2)
def test_results_in_thread_order_when_later_threads_finish_first(explore):
    def scenario(workers):
        # Worker-1 works longest and Worker-3 shortest, so they finish in reverse order.
        work = Calls(explore, 3, hold=lambda name: 0.1 * (4 - int(name.split("-")[1])))
        results = workers.run_named(3, work)
        if still_working(explore, work, 3):
            return
        check_results(results, [f"result of {x}" for x in names(3)], "run_named(3, work)")

    explore(scenario, module="workers")


@pytest.mark.points(3)
@pytest.mark.parametrize("n", [2, 3])
def test_workers_run_at_the_same_time(explore, n):
    def scenario(workers):
        work = Calls(explore, n, rendezvous=True)
        results = workers.run_named(n, work)
        if still_working(explore, work, n):
            return
        check_results(results, [f"result of {x}" for x in names(n)], f"run_named({n}, work)")

    explore(scenario, module="workers")


@pytest.mark.points(2)
def test_returns_only_after_every_thread_finished(explore):
    def scenario(workers):
        work = Calls(explore, 2, hold=lambda name: 1.0)
        results = workers.run_named(2, work)
        if still_working(explore, work, 2):
            return
        check_results(results, [f"result of {x}" for x in names(2)], "run_named(2, work)")

    explore(scenario, module="workers")
