"""Visible tests for the sentinel pipeline: run them with `grade 04` while you work."""

from __future__ import annotations

import pipeline
import pytest

from grader.explorer import Violation
from grader.testing import exact
from grader.testing import show


def check_items(out, expected, where):
    assert type(out) is list, f"{where} returned {show(out)}; it must return a plain list."
    # show() is repr() for plain data and names anything else by its type, never running its code.
    if sorted(map(show, out)) != sorted(map(show, expected)):
        raise Violation(
            "lost_item",
            f"{where} returned {show(out)}, but the producers put {expected!r} (in any order). "
            "Every item must be collected exactly once.",
        )


@pytest.mark.points(1)
def test_module_api():
    for name in ("SENTINEL", "producer", "consumer", "run"):
        assert hasattr(pipeline, name), f"pipeline.py must define {name} (see the instructions)."


@pytest.mark.points(1)
def test_no_producers_returns_empty_list(explore):
    def scenario(mod):
        exact(mod.run([], 1), [], "run([], 1)")

    explore(scenario, module="pipeline")


@pytest.mark.points(2)
def test_three_producers_two_consumers(explore):
    # The tutorial's layout: three cooks, two eaters.
    def scenario(mod):
        batches = [["bun0"], ["bone0", "bone1"], ["slop0"]]
        out = mod.run(batches, 2)
        check_items(out, ["bun0", "bone0", "bone1", "slop0"], "run(batches, 2)")

    explore(scenario, module="pipeline")


@pytest.mark.points(2)
def test_falsy_items_are_real_items(explore):
    def scenario(mod):
        out = mod.run([[0, "a"], ["", False]], 2)
        check_items(out, [0, "a", "", False], "run([[0, 'a'], ['', False]], 2)")

    explore(scenario, module="pipeline")


@pytest.mark.points(1)
def test_consumer_stops_at_sentinel(explore):
    def scenario(mod):
        q = explore.queue.Queue()
        for item in ["x", "y"]:
            q.put(item)
        q.put(mod.SENTINEL)
        out = []
        mod.consumer(q, out, explore.threading.Lock())
        check_items(out, ["x", "y"], "consumer on a queue holding 'x', 'y', SENTINEL")

    explore(scenario, module="pipeline")
