"""Visible tests for the start-join exercise: run them with `grade 05`."""

from __future__ import annotations

import threading

import pytest

from grader.explorer import Violation
from grader.testing import same
from grader.testing import show


@pytest.mark.points(1)
def test_results_come_back_in_thread_order():
    import workers

    results = workers.run_named(3, lambda name: name + "!")
    assert same(results, ["Worker-1!", "Worker-2!", "Worker-3!"]), (
        f"run_named(3, lambda name: name + '!') returned {show(results)}; expected one result per thread, "
        "Worker-1's first: ['Worker-1!', 'Worker-2!', 'Worker-3!']."
    )


@pytest.mark.points(1)
def test_work_runs_in_the_thread_of_that_name():
    import workers

    results = workers.run_named(2, lambda name: threading.current_thread().name)
    assert same(results, ["Worker-1", "Worker-2"]), (
        f"Each work(name) returned the name of the thread running it, and run_named gave {show(results)}. "
        "Thread 'Worker-i' itself must call work('Worker-i'): name the threads when you create them."
    )


@pytest.mark.points(2)
def test_threads_run_at_the_same_time(explore):
    def scenario(workers):
        entered = []

        def work(name):
            entered.append(name)
            for _ in range(100):  # wait (virtual time) until both workers are inside work()
                if len(entered) == 2:
                    return name
                explore.sleep(0.01)
            raise Violation(
                "serialized",
                f"{name} worked alone: the other thread never started while it was running. "
                "Start both threads before you join either of them.",
            )

        results = workers.run_named(2, work)
        assert same(results, ["Worker-1", "Worker-2"]), f"run_named(2, work) returned {show(results)}."

    explore(scenario, module="workers")
