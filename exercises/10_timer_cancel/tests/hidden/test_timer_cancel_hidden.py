"""Hidden tests for the debouncer: the right calls at the right (virtual) times, cancel, no thread left."""

from __future__ import annotations

import inspect
import threading as real_threading
import time as real_time

import debounce
import pytest

from grader.testing import same
from grader.testing import show

DELAY = 1.0


class Recorder:
    """The action under test: remembers each call with its virtual time; may take a while itself."""

    def __init__(self, explore, busy=0.0):
        self._clock = explore.time.monotonic
        self._sleep = explore.sleep
        self.start = self._clock()
        self.busy = busy
        self.calls = []
        self.running = 0

    def now(self):
        return round(self._clock() - self.start, 6)

    def __call__(self, *args):
        self.running += 1
        self.calls.append((self.now(), args))
        if self.busy:
            self._sleep(self.busy)  # a slow action, e.g. a search over the network
        self.running -= 1

    def check(self, expected, story):
        """expected: [(time, args), ...] in virtual seconds since the recorder was made."""
        if same(self.calls, expected):
            return
        got = ", ".join(f"action{show(args)} at t={t:g}" for t, args in self.calls) or "no call at all"
        want = ", ".join(f"action{args} at t={t:g}" for t, args in expected) or "no call at all"
        advice = ""
        if len(self.calls) > len(expected):
            advice = (
                " There were too many calls: each trigger() must cancel the call that is still "
                "pending (the Timer started by the previous trigger) before starting a new Timer, "
                "and cancel() must cancel it too. Keep the Timer of the pending call in an "
                "attribute of this Debouncer, not in a local or a global variable."
            )
        elif len(self.calls) < len(expected):
            advice = (
                " A call is missing: did a trigger() cancel another Debouncer's timer, or a timer "
                "that was not the pending one?"
            )
        elif same([a for _, a in self.calls], [a for _, a in expected]):
            advice = (
                " The right calls came at the wrong time: the action must run `delay` seconds "
                "after the last trigger(), in the Timer's thread, not at once and not in trigger()."
            )
        raise AssertionError(f"{story}: expected {want}; got {got}.{advice}")


def threads_left(explore):
    """Whether a thread other than the scenario's own is still alive.

    The scenario returns at once when this is true: the explorer then reports leaked_thread,
    naming each thread that is left and the line it is on.
    """
    threading = explore.threading
    main = threading.main_thread()
    return any(t is not main and t.is_alive() for t in threading.enumerate())


@pytest.mark.points(1)
def test_api():
    assert inspect.isclass(getattr(debounce, "Debouncer", None)), "debounce.py must define class Debouncer."
    params = list(inspect.signature(debounce.Debouncer).parameters)
    assert params[:2] == ["delay", "action"], (
        f"Debouncer must be created as Debouncer(delay, action), found ({params})."
    )
    for name in ("trigger", "cancel"):
        assert callable(getattr(debounce.Debouncer, name, None)), f"Debouncer must have a method {name}()."


@pytest.mark.points(1)
def test_one_trigger_calls_the_action_once_after_the_delay(explore):
    def scenario(mod):
        action = Recorder(explore)
        d = mod.Debouncer(DELAY, action)
        d.trigger("report.txt")
        explore.sleep(DELAY + 0.5)
        action.check([(DELAY, ("report.txt",))], f"Debouncer({DELAY}, action).trigger('report.txt')")
        d.cancel()
        if threads_left(explore):
            return

    explore(scenario, module="debounce")


@pytest.mark.points(2)
def test_a_burst_calls_the_action_once_with_the_last_arguments(explore):
    def scenario(mod):
        action = Recorder(explore)
        d = mod.Debouncer(DELAY, action)
        for word in ("p", "py", "pyt"):
            d.trigger(word)
            explore.sleep(0.3)
        # The last trigger was at t=0.6.
        explore.sleep(DELAY + 0.5)
        action.check(
            [(0.6 + DELAY, ("pyt",))],
            f"trigger('p'), trigger('py') and trigger('pyt') 0.3 s apart with a delay of {DELAY} s",
        )
        d.cancel()
        if threads_left(explore):
            return

    explore(scenario, module="debounce")


@pytest.mark.points(1)
def test_several_arguments_and_two_bursts(explore):
    def scenario(mod):
        action = Recorder(explore)
        d = mod.Debouncer(DELAY, action)
        d.trigger("a", 1)
        explore.sleep(0.5)
        d.trigger("b", 2)
        explore.sleep(DELAY + 0.5)  # the first burst ends: one call at t=1.5
        d.trigger("c", 3)
        explore.sleep(DELAY + 0.5)  # the second burst: one call at t=3.0
        action.check(
            [(0.5 + DELAY, ("b", 2)), (2.0 + DELAY, ("c", 3))],
            "two bursts, trigger('a', 1), trigger('b', 2), then after a pause trigger('c', 3)",
        )
        d.cancel()
        if threads_left(explore):
            return

    explore(scenario, module="debounce")


@pytest.mark.points(1)
def test_cancel_drops_the_pending_call(explore):
    def scenario(mod):
        action = Recorder(explore)
        d = mod.Debouncer(DELAY, action)
        d.cancel()  # nothing pending yet: must do nothing
        d.trigger("draft")
        explore.sleep(0.4)
        d.cancel()
        if threads_left(explore):
            return
        explore.sleep(DELAY + 0.5)
        action.check([], "trigger('draft') and cancel() 0.4 s later")
        d.trigger("final")  # the debouncer still works after cancel()
        explore.sleep(DELAY + 0.5)
        action.check(
            [(1.9 + DELAY, ("final",))],
            "trigger('draft'), cancel(), then trigger('final') on the same Debouncer",
        )
        d.cancel()
        d.cancel()  # twice in a row is fine too
        if threads_left(explore):
            return

    explore(scenario, module="debounce")


@pytest.mark.points(1)
def test_cancel_at_shutdown_leaves_no_thread(explore):
    def scenario(mod):
        action = Recorder(explore)
        d = mod.Debouncer(DELAY, action)
        d.trigger("unsaved")
        d.cancel()  # the program shuts down right after
        if threads_left(explore):
            return
        assert not action.calls, f"cancel() right after trigger() should drop the call, but {show(action.calls)} ran."

    explore(scenario, module="debounce")


@pytest.mark.points(2)
def test_cancel_waits_for_an_action_that_has_started(explore):
    def scenario(mod):
        action = Recorder(explore, busy=1.0)  # the action takes a whole second
        d = mod.Debouncer(DELAY, action)
        d.trigger("slow")
        explore.sleep(DELAY + 0.5)  # the action started at t=1.0 and runs until t=2.0
        d.cancel()
        if action.running:
            raise AssertionError(
                "cancel() returned while the action was still running (it had started before "
                "cancel() was called). Timer.cancel() only stops a timer that has not fired yet; "
                "join() the timer thread after cancelling it, so that cancel() returns only when "
                "the action is over."
            )
        if threads_left(explore):
            return
        action.check([(DELAY, ("slow",))], "trigger('slow') and cancel() while the action ran")

    explore(scenario, module="debounce")


@pytest.mark.points(1)
def test_two_debouncers_are_independent(explore):
    def scenario(mod):
        search = Recorder(explore)
        save = Recorder(explore)
        d1 = mod.Debouncer(DELAY, search)
        d2 = mod.Debouncer(2 * DELAY, save)
        d1.trigger("query")
        explore.sleep(0.2)
        d2.trigger("document")
        explore.sleep(3 * DELAY)
        search.check([(DELAY, ("query",))], "the first of two Debouncers, triggered once")
        save.check([(0.2 + 2 * DELAY, ("document",))], "the second of two Debouncers, triggered once")
        d1.cancel()
        d2.cancel()
        if threads_left(explore):
            return

    explore(scenario, module="debounce")


@pytest.mark.points(2)
def test_triggers_from_two_threads_at_once(explore):
    threading = explore.threading

    def scenario(mod):
        action = Recorder(explore)
        d = mod.Debouncer(DELAY, action)
        callers = [threading.Thread(target=d.trigger, args=(name,), name=f"caller-{name}") for name in ("x", "y")]
        for t in callers:
            t.start()
        for t in callers:
            t.join()
        explore.sleep(DELAY + 0.5)
        if len(action.calls) != 1:
            raise AssertionError(
                f"Two threads called trigger('x') and trigger('y') at the same time, and the action "
                f"ran {len(action.calls)} time(s): {show(action.calls)}. Exactly one call should remain. "
                "When two triggers interleave, both can cancel the same old timer and both store "
                "their new Timer; one of them is then never cancelled. Hold one threading.Lock "
                "while you cancel the old timer, start the new one and store it."
            )
        d.cancel()
        if threads_left(explore):
            return

    explore(scenario, module="debounce")


@pytest.mark.points(1)
def test_with_real_timers():
    calls = []
    before = set(real_threading.enumerate())
    d = debounce.Debouncer(0.5, calls.append)  # the three triggers come microseconds apart
    for word in ("a", "ab", "abc"):
        d.trigger(word)
    real_time.sleep(1.5)
    d.cancel()
    d.trigger("never")
    d.cancel()
    # Only threads still running after a grace period are left behind; whether they were joined is for the
    # explorer to judge, which controls the schedule and so decides the same way on every run.
    deadline = real_time.monotonic() + 2.0
    for thread in set(real_threading.enumerate()) - before:
        thread.join(max(0.0, deadline - real_time.monotonic()))
    left = [t.name for t in set(real_threading.enumerate()) - before if t.is_alive()]
    assert same(calls, ["abc"]), (
        f"Three quick triggers with real threads gave the calls {show(calls)}; expected ['abc']."
    )
    if left:
        exc = AssertionError(f"After cancel() the threads {left} were still running; join the timer in cancel().")
        exc.grader_diagnosis = {"kind": "leaked_thread", "message": str(exc)}
        raise exc
