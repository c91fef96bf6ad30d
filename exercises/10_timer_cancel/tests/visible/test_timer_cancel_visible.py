"""Visible tests for the debouncer: run them with `grade 10` while you work."""

from __future__ import annotations

import pytest

from grader.testing import same
from grader.testing import show

DELAY = 1.0


class Recorder:
    """The action: remembers (virtual time, args) of every call."""

    def __init__(self, explore):
        self._clock = explore.time.monotonic
        self.start = self._clock()
        self.calls = []

    def __call__(self, *args):
        self.calls.append((round(self._clock() - self.start, 6), args))


@pytest.mark.points(1)
def test_one_trigger_one_call_after_the_delay(explore):
    def scenario(mod):
        action = Recorder(explore)
        d = mod.Debouncer(DELAY, action)
        d.trigger("hello")
        explore.sleep(DELAY + 0.5)
        assert same(action.calls, [(DELAY, ("hello",))]), (
            f"Debouncer({DELAY}, action).trigger('hello') should call action('hello') once, "
            f"{DELAY} s later; the calls (time, args) were {show(action.calls)}."
        )
        d.cancel()

    explore(scenario, module="debounce")


@pytest.mark.points(2)
def test_a_burst_gives_one_call(explore):
    def scenario(mod):
        action = Recorder(explore)
        d = mod.Debouncer(DELAY, action)
        for word in ("p", "py", "pyt"):
            d.trigger(word)
            explore.sleep(0.3)
        explore.sleep(DELAY + 0.5)
        assert same(action.calls, [(0.6 + DELAY, ("pyt",))]), (
            "Three triggers 0.3 s apart should give one call, action('pyt'), one delay after the "
            f"last trigger (t=1.6); the calls (time, args) were {show(action.calls)}. Each trigger() must "
            "cancel the Timer of the call that is still pending."
        )
        d.cancel()

    explore(scenario, module="debounce")


@pytest.mark.points(1)
def test_cancel_drops_the_pending_call(explore):
    def scenario(mod):
        action = Recorder(explore)
        d = mod.Debouncer(DELAY, action)
        d.trigger("draft")
        explore.sleep(0.4)
        d.cancel()
        explore.sleep(DELAY + 0.5)
        assert not action.calls, (
            f"cancel() 0.4 s after trigger('draft') should drop the call; got {show(action.calls)}."
        )

    explore(scenario, module="debounce")
