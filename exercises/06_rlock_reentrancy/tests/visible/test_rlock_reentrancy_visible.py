"""Visible tests for the rlock-reentrancy exercise: run them with `grade 06`."""

from __future__ import annotations

import pytest

from grader.testing import same
from grader.testing import show


@pytest.mark.points(1)
def test_run1_and_run2_each_add_one():
    import counters

    c = counters.Counters()
    assert same((c.run1(), c.run2()), (1, 1)), "On a fresh Counters, run1() and run2() should each return 1."


@pytest.mark.points(2)
def test_run3_returns_instead_of_waiting_for_itself(explore):
    def scenario(counters):
        result = counters.Counters().run3()
        assert same(result, (1, 1)), f"run3() on a fresh Counters returned {show(result)}; expected (1, 1)."

    explore(scenario, module="counters")


@pytest.mark.points(2)
def test_run_with_two_threads(explore):
    def scenario(counters):
        result = counters.run(threads=2)
        assert same(result, (2, 2)), (
            f"run(threads=2) returned {show(result)}; each thread's run3 adds 1 to both counters."
        )

    explore(scenario, module="counters")
