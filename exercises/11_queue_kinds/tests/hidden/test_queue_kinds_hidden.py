"""Hidden tests for the dispatcher: order per policy, ties, every job exactly once, workers, clean end."""

from __future__ import annotations

import threading as real_threading
import time as real_time
from collections import Counter

import dispatch
import pytest

from grader.explorer import Violation
from grader.testing import same
from grader.testing import show


class Job:
    """A job as the tests submit it: it has a name and, like most objects, no order (no `<`)."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


def shown(jobs):
    """The jobs as a message lists them: a test's Job by its name, anything else without running its code."""
    return "[" + ", ".join(job.name if type(job) is Job else show(job) for job in jobs) + "]"


def same_jobs(seen, expected):
    """The very Job objects expected, in order: compared by identity, never by anybody's `==`."""
    return len(seen) == len(expected) and all(a is b for a, b in zip(seen, expected, strict=True))


class Worker:
    """The handler: records the jobs it is given and how many run at once; each takes a (virtual) moment."""

    def __init__(self, explore, work=0.1):
        self._lock = explore.threading.Lock()
        self._sleep = explore.sleep
        self.work = work
        self.seen = []
        self.active = 0
        self.peak = 0

    def __call__(self, job):
        with self._lock:
            self.seen.append(job)
            self.active += 1
            self.peak = max(self.peak, self.active)
        if self.work:
            self._sleep(self.work)
        with self._lock:
            self.active -= 1


def check_each_once(seen, submitted, where):
    """Every submitted job was handled exactly once (jobs are compared by identity)."""
    want = Counter(id(j) for j in submitted)
    got = Counter(id(j) for j in seen)
    names = {id(j): repr(j) for j in submitted}
    lost = [names[k] for k, n in (want - got).items() for _ in range(n)]
    twice = [names.get(k, "an unknown job") for k, n in (got - want).items() for _ in range(n)]
    if lost or twice:
        problems = []
        if lost:
            problems.append(f"never handled: {', '.join(lost)}")
        if twice:
            problems.append(f"handled twice: {', '.join(twice)}")
        raise Violation(
            "lost_item",
            f"{where}: {'; '.join(problems)} (handled, in order: {shown(seen)}). Every submitted job must "
            "be handled exactly once before shutdown() returns. Did a worker stop on its stop "
            "signal while jobs were still waiting? In a LifoQueue or PriorityQueue the stop signal "
            "does not wait behind the jobs: wait for the jobs first (task_done() and join()), then "
            "stop the workers. Is one list shared by the workers without a lock?",
        )


def check_order(seen, expected, policy, where):
    if same_jobs(seen, expected):
        return
    rules = {
        "fifo": "first in, first out: queue.Queue",
        "lifo": "last in, first out: queue.LifoQueue",
        "priority": (
            "smallest priority first, and jobs of equal priority in the order they were submitted: "
            "queue.PriorityQueue with (priority, counter, job) entries, the counter counting up"
        ),
    }
    raise AssertionError(
        f"{where}: the single worker handled the jobs in the order {shown(seen)}, but policy {policy!r} "
        f"means {shown(expected)} ({rules[policy]})."
    )


def run_one_worker(mod, explore, policy, entries):
    """Submit (priority, job) entries before start() with one worker; return (seen, jobs)."""
    handler = Worker(explore, work=0)
    d = mod.Dispatcher(handler, policy, workers=1)
    for priority, job in entries:
        d.submit(job, priority)
    d.start()
    d.shutdown()
    jobs = [job for _, job in entries]
    return handler.seen, jobs


@pytest.mark.points(1)
def test_api_and_unknown_policy():
    assert same(tuple(getattr(dispatch, "POLICIES", ())), ("fifo", "lifo", "priority")), (
        'dispatch.POLICIES must be ("fifo", "lifo", "priority").'
    )
    for name in ("submit", "start", "shutdown"):
        assert callable(getattr(dispatch.Dispatcher, name, None)), f"Dispatcher must have a method {name}()."
    with pytest.raises(ValueError):
        dispatch.Dispatcher(print, "random")


@pytest.mark.points(1)
def test_fifo_order(explore):
    def scenario(mod):
        entries = [(0, Job(n)) for n in ("a", "b", "c", "d")]
        seen, jobs = run_one_worker(mod, explore, "fifo", entries)
        check_each_once(seen, jobs, "policy 'fifo', one worker, jobs a b c d")
        check_order(seen, jobs, "fifo", "policy 'fifo', one worker, jobs a b c d")

    explore(scenario, module="dispatch")


@pytest.mark.points(1)
def test_lifo_order(explore):
    def scenario(mod):
        entries = [(0, Job(n)) for n in ("a", "b", "c", "d")]
        seen, jobs = run_one_worker(mod, explore, "lifo", entries)
        check_each_once(seen, jobs, "policy 'lifo', one worker, jobs a b c d")
        check_order(seen, jobs[::-1], "lifo", "policy 'lifo', one worker, jobs a b c d")

    explore(scenario, module="dispatch")


@pytest.mark.points(1)
def test_priority_order(explore):
    def scenario(mod):
        entries = [(3, Job("low")), (1, Job("urgent")), (2, Job("normal")), (0, Job("outage"))]
        seen, jobs = run_one_worker(mod, explore, "priority", entries)
        where = "policy 'priority', one worker, jobs low=3 urgent=1 normal=2 outage=0"
        check_each_once(seen, jobs, where)
        by_name = {j.name: j for j in jobs}
        check_order(seen, [by_name[n] for n in ("outage", "urgent", "normal", "low")], "priority", where)

    explore(scenario, module="dispatch")


@pytest.mark.points(2)
def test_equal_priorities_keep_their_order(explore):
    def scenario(mod):
        # Jobs without an order of their own: comparing two of them raises TypeError.
        entries = [(2, Job("b1")), (1, Job("a1")), (2, Job("b2")), (1, Job("a2")), (2, Job("b3"))]
        seen, jobs = run_one_worker(mod, explore, "priority", entries)
        where = "policy 'priority', one worker, jobs b1=2 a1=1 b2=2 a2=1 b3=2"
        check_each_once(seen, jobs, where)
        by_name = {j.name: j for j in jobs}
        check_order(seen, [by_name[n] for n in ("a1", "a2", "b1", "b2", "b3")], "priority", where)

    explore(scenario, module="dispatch")


@pytest.mark.points(1)
def test_equal_priorities_are_not_sorted_by_the_job(explore):
    def scenario(mod):
        # Strings do compare, so (priority, job) tuples would sort ties alphabetically.
        entries = [(1, "zebra"), (1, "apple"), (0, "mango"), (1, "kiwi")]
        handler = Worker(explore, work=0)
        d = mod.Dispatcher(handler, "priority", workers=1)
        for priority, job in entries:
            d.submit(job, priority)
        d.start()
        d.shutdown()
        check_order(
            handler.seen,
            ["mango", "zebra", "apple", "kiwi"],
            "priority",
            "policy 'priority', one worker, jobs zebra=1 apple=1 mango=0 kiwi=1",
        )

    explore(scenario, module="dispatch")


@pytest.mark.points(2)
@pytest.mark.parametrize("policy", ["fifo", "lifo", "priority"])
def test_two_workers_handle_every_job_once(explore, policy):
    def scenario(mod):
        handler = Worker(explore)
        d = mod.Dispatcher(handler, policy, workers=2)
        jobs = [Job(f"job{i}") for i in range(5)]
        for i, job in enumerate(jobs[:3]):
            d.submit(job, i % 2)
        d.start()
        explore.sleep(0.05)
        for i, job in enumerate(jobs[3:]):
            d.submit(job, i % 2)
        d.shutdown()
        check_each_once(handler.seen, jobs, f"policy {policy!r}, two workers, 3 jobs before start() and 2 after")

    explore(scenario, module="dispatch")


@pytest.mark.points(1)
@pytest.mark.parametrize("workers", [2, 3])
def test_all_workers_take_part(explore, workers):
    def scenario(mod):
        handler = Worker(explore)
        d = mod.Dispatcher(handler, "priority", workers=workers)
        jobs = [Job(f"job{i}") for i in range(2 * workers)]
        for job in jobs:
            d.submit(job, 1)
        d.start()
        d.shutdown()
        check_each_once(handler.seen, jobs, f"{workers} workers, {len(jobs)} jobs")
        if handler.peak > workers:
            raise Violation(
                "over_limit",
                f"With workers={workers}, {handler.peak} jobs were handled at the same time. Start "
                "exactly `workers` worker threads in start(), not one thread per job.",
            )
        if handler.peak < workers:
            raise Violation(
                "serialized",
                f"With workers={workers} and {len(jobs)} waiting jobs, at most {handler.peak} job(s) "
                f"were handled at the same time. start() must start {workers} worker threads that all "
                "take jobs from the same queue, and a worker must not hold a lock while it calls "
                "the handler.",
            )

    explore(scenario, module="dispatch")


@pytest.mark.points(1)
def test_with_real_threads():
    before = set(real_threading.enumerate())
    lock = real_threading.Lock()
    seen = []

    def handler(job):
        with lock:
            seen.append(job)

    d = dispatch.Dispatcher(handler, "priority", workers=3)
    for i in range(50):
        d.submit({"n": i}, i % 5)
    d.start()
    for i in range(50, 100):
        d.submit({"n": i}, i % 5)
    d.shutdown()
    # Only threads still running after a grace period are left behind; whether they were joined is for the
    # explorer to judge, which controls the schedule and so decides the same way on every run.
    deadline = real_time.monotonic() + 2.0
    for thread in set(real_threading.enumerate()) - before:
        thread.join(max(0.0, deadline - real_time.monotonic()))
    left = [t.name for t in set(real_threading.enumerate()) - before if t.is_alive()]
    assert sorted(job["n"] for job in seen) == list(range(100)), (
        f"With real threads, 100 submitted jobs gave {len(seen)} handler calls; each job must be handled once."
    )
    if left:
        exc = AssertionError(f"shutdown() returned while the threads {left} were still running: join them.")
        exc.grader_diagnosis = {"kind": "leaked_thread", "message": str(exc)}
        raise exc
