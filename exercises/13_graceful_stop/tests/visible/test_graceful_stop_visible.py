"""Visible tests for the service: run them with `grade 13` while you work."""

from __future__ import annotations

import pytest

from grader.testing import same
from grader.testing import show


class Handler:
    """Records the items it starts and finishes; each takes 1 virtual second."""

    def __init__(self, explore):
        self._sleep = explore.sleep
        self.started = []
        self.finished = []

    def __call__(self, item):
        self.started.append(item)
        self._sleep(1.0)
        self.finished.append(item)


@pytest.mark.points(1)
def test_an_idle_service_stops(explore):
    def scenario(mod):
        svc = mod.Service(Handler(explore), workers=2)
        svc.start()
        explore.sleep(0.5)  # idle workers must wait without spinning
        leftovers = svc.stop()
        assert same(leftovers, []), f"stop() of an idle service returned {show(leftovers)}; expected []."

    explore(scenario, module="service")


@pytest.mark.points(2)
def test_stop_finishes_the_current_item_and_returns_the_rest(explore):
    def scenario(mod):
        handler = Handler(explore)
        svc = mod.Service(handler, workers=1)
        svc.start()
        for item in "abcd":
            svc.submit(item)
        explore.sleep(1.5)  # "a" is done, "b" is in progress
        leftovers = svc.stop()
        assert same(handler.finished, ["a", "b"]) and same(leftovers, ["c", "d"]), (
            f"One worker, items a-d of 1 s each, stop() at 1.5 s: the handler finished "
            f"{show(handler.finished)} and stop() returned {show(leftovers)}; expected ['a', 'b'] finished ('b' "
            "was in progress: it must be finished) and ['c', 'd'] returned."
        )

    explore(scenario, module="service")
