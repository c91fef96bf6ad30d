"""Visible tests for the sentinel pipeline: run them with `grade 04` while you work."""

from __future__ import annotations

import pipeline
import pytest

from grader.explorer import Violation


def check_items(out, expected, where):
    assert isinstance(out, list), f"{where} returned {type(out).__name__}; it must return a list."
    if sorted(map(repr, out)) != sorted(map(repr, expected)):
        raise Violation(
            "lost_item",
            f"{where} returned {out!r}, but the producers put {expected!r} (in any order). "
            "Every item must be collected exactly once.",
        )


@pytest.mark.points(1)
def test_module_api():
    for name in ("SENTINEL", "producer", "consumer", "run"):
        assert hasattr(pipeline, name), f"pipeline.py must define {name} (see the instructions)."


@pytest.mark.points(1)
def test_no_producers_returns_empty_list(explore):
    def scenario(mod):
        out = mod.run([], 1)
        assert out == [], f"run([], 1) must return [], got {out!r}."

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
