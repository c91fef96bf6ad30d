"""Visible tests for the A/B deadlock exercise: run them with `grade 02`."""

from __future__ import annotations

import pytest

from grader.explorer import Violation
from grader.testing import exact_type


def check_log(log, calls):
    """Check a log against the calls made: two entries per call, each call's two entries side by side.

    calls maps (thread name, function name) to how many times that thread called that function.
    """
    exact_type(log, list, "the log")  # plain data all the way down: == and len() below cannot be fooled
    for entry in log:
        assert type(entry) is tuple and len(entry) == 3, (
            f"Every log entry should be a tuple (thread_name, func_name, label); found {entry!r}."
        )
        exact_type(entry, tuple[str, str, object], "a log entry (thread_name, func_name, label)")
    for (thread, func), times in calls.items():
        got = sum(1 for entry in log if entry[:2] == (thread, func))
        assert got == 2 * times, (
            f"{thread} called {func} {times} time(s), so the log should hold {2 * times} entries "
            f"({thread!r}, {func!r}, ...), but it holds {got}. Each call must append exactly two "
            f"entries, one after taking each lock. Full log: {log!r}"
        )
    expected_total = 2 * sum(calls.values())
    assert len(log) == expected_total, f"The log should hold {expected_total} entries but holds {len(log)}: {log!r}"
    for i in range(0, len(log), 2):
        first, second = log[i], log[i + 1]
        if first[:2] != second[:2]:
            raise Violation(
                "mutual_exclusion",
                f"Entry {i + 1} of the log, {first!r}, is not followed by its partner: the next "
                f"entry is {second!r}. Another thread wrote to the log while a call of "
                f"{first[1]} was half done. Keep holding your lock(s) from the first entry of a "
                f"call to the second. Full log: {log!r}",
            )


@pytest.mark.points(1)
def test_func1_then_func2_in_one_thread(explore):
    threading = explore.threading

    def scenario(deadlock):
        log = []
        caller = threading.Thread(target=deadlock.worker, args=(log,), name="solo")
        caller.start()
        caller.join()
        check_log(log, {("solo", "func1"): 1, ("solo", "func2"): 1})
        assert [entry[1] for entry in log] == ["func1", "func1", "func2", "func2"], (
            f"worker(log) should call func1 and then func2; the log was {log!r}."
        )

    explore(scenario, module="deadlock")


@pytest.mark.points(2)
def test_run_with_two_threads(explore):
    def scenario(deadlock):
        log = deadlock.run(n_threads=2)
        check_log(log, {(t, f): 1 for t in ("Thread-1", "Thread-2") for f in ("func1", "func2")})

    explore(scenario, module="deadlock")


@pytest.mark.points(2)
def test_func1_and_func2_at_the_same_time(explore):
    threading = explore.threading

    def scenario(deadlock):
        log = []
        one = threading.Thread(target=deadlock.func1, args=(log,), name="caller-1")
        two = threading.Thread(target=deadlock.func2, args=(log,), name="caller-2")
        one.start()
        two.start()
        one.join()
        two.join()
        check_log(log, {("caller-1", "func1"): 1, ("caller-2", "func2"): 1})

    explore(scenario, module="deadlock")
