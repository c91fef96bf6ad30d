"""Visible tests for the dispatcher: run them with `grade 11` while you work."""

from __future__ import annotations

import pytest

from grader.testing import show


class Job:
    """A job with a name and no order of its own: two Jobs cannot be compared with `<`."""

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


def handled(mod, policy, entries):
    """Submit (priority, job) entries before start() with one worker; return the jobs in handling order."""
    seen = []
    d = mod.Dispatcher(seen.append, policy, workers=1)
    for priority, job in entries:
        d.submit(job, priority)
    d.start()
    d.shutdown()
    return seen


@pytest.mark.points(1)
def test_fifo_and_lifo(explore):
    def scenario(mod):
        a, b, c = Job("a"), Job("b"), Job("c")
        seen = handled(mod, "fifo", [(0, a), (0, b), (0, c)])
        assert same_jobs(seen, [a, b, c]), f"policy 'fifo' handled a, b, c as {shown(seen)}; expected [a, b, c]."
        seen = handled(mod, "lifo", [(0, a), (0, b), (0, c)])
        assert same_jobs(seen, [c, b, a]), (
            f"policy 'lifo' handled a, b, c as {shown(seen)}; expected [c, b, a] (queue.LifoQueue). "
            "If some are missing: did a worker get its stop signal before the waiting jobs?"
        )

    explore(scenario, module="dispatch")


@pytest.mark.points(2)
def test_priority_with_ties(explore):
    def scenario(mod):
        x1, y, x2 = Job("x1"), Job("y"), Job("x2")
        seen = handled(mod, "priority", [(5, x1), (1, y), (5, x2)])
        assert same_jobs(seen, [y, x1, x2]), (
            f"policy 'priority' with x1=5, y=1, x2=5 handled {shown(seen)}; expected [y, x1, x2]: smallest "
            "priority first, equal priorities in the order they were submitted."
        )

    explore(scenario, module="dispatch")


@pytest.mark.points(1)
def test_two_workers_handle_every_job(explore):
    def scenario(mod):
        lock = explore.threading.Lock()
        seen = []

        def handler(job):
            with lock:
                seen.append(job)
            explore.sleep(0.1)

        d = mod.Dispatcher(handler, "lifo", workers=2)
        jobs = [Job(f"job{i}") for i in range(4)]
        for job in jobs:
            d.submit(job)
        d.start()
        d.shutdown()
        assert sorted(id(job) for job in seen) == sorted(id(job) for job in jobs), (
            f"Two workers, policy 'lifo', 4 jobs: shutdown() returned after handling {shown(seen)}; every "
            "job must be handled exactly once before shutdown() returns."
        )

    explore(scenario, module="dispatch")
