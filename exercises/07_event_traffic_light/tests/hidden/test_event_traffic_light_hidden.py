"""Hidden tests for the event-traffic-light exercise: the full contract of traffic.py."""

from __future__ import annotations

import pytest

from grader.explorer import Violation
from grader.testing import exact_type


class TimedLog(list):
    """The log handed to the learner's code: a list that also notes the (virtual) time of every append."""

    def __init__(self, explore):
        super().__init__()
        self._clock = explore.time.monotonic
        self.start = self._clock()
        self.times = []

    def append(self, entry):
        self.times.append(round(self._clock() - self.start, 6))
        super().append(entry)

    def timed(self):
        # Every entry must be a plain str, so that == and sorted() below run only str's own code.
        entries = exact_type(list(self), list[str], "the log")
        return list(zip(self.times, entries, strict=True))


def expected_light(cycles, green, red, start=0.0):
    out = []
    t = start
    for _ in range(cycles):
        out += [(round(t, 6), "green"), (round(t + green, 6), "red")]
        t += green + red
    out.append((round(t, 6), "green"))
    return out


def check_light_entries(log, cycles, green, red, call, start=0.0):
    got = [(t, e) for t, e in log.timed() if e in ("green", "red")]
    want = expected_light(cycles, green, red, start)
    if [e for _, e in got] != [e for _, e in want]:
        raise AssertionError(
            f"{call} logged the light as {[e for _, e in got]}, expected {[e for _, e in want]}: "
            f"{cycles} cycle(s) of 'green' then 'red', and a final 'green' when the light stops."
        )
    if got != want:
        raise AssertionError(
            f"{call} logged (seconds after the start, entry) {got}, expected {want}: log 'green' right "
            "after set() and stay green `green` seconds, log 'red' right after clear() and stay red "
            "`red` seconds."
        )


def green_phases(log):
    """[(from, to)] of the green phases the light logged; the last one never ends."""
    phases = []
    for t, entry in log.timed():
        if entry == "green" and (not phases or phases[-1][1] is not None):
            phases.append([t, None])
        elif entry == "red" and phases and phases[-1][1] is None:
            phases[-1][1] = t
    return [(a, float("inf") if b is None else b) for a, b in phases]


def check_crossings(log, cars, call):
    crossings = [(t, e) for t, e in log.timed() if e not in ("green", "red")]
    names = sorted(e for _, e in crossings)
    want = sorted(f"{name} crosses" for name in cars)
    assert names == want, (
        f"{call}: the cars logged {names}, expected each car to log '<name> crosses' exactly once: {want}."
    )
    phases = green_phases(log)
    for t, entry in crossings:
        if not any(a <= t <= b for a, b in phases):
            raise Violation(
                "wrong_result",
                f"{call}: '{entry}' was logged {t:g} s after the start, while the light was red "
                f"(green phases: {[(a, b) for a, b in phases]}). A car may cross only after "
                "event.wait() has returned True, or event.is_set() is True.",
            )


def start_thread(explore, name, fn, *args):
    t = explore.threading.Thread(target=fn, args=args, name=name)
    t.start()
    return t


# -- the light ----------------------------------------------------------------------------------


@pytest.mark.points(2)
def test_light_sets_and_clears_the_event_on_time(explore):
    def scenario(traffic):
        event = explore.threading.Event()
        log = TimedLog(explore)
        lamp = start_thread(explore, "light", traffic.light, event, 2, log, 3.0, 2.0)
        # Look at the light in the middle of every phase: green 0-3, red 3-5, green 5-8, red 8-10.
        now = 0.0
        for at, green in ((1.0, True), (4.0, False), (6.0, True), (9.0, False), (11.0, True)):
            explore.sleep(at - now)
            now = at
            assert event.is_set() == green, (
                f"light(event, cycles=2, log, green=3.0, red=2.0): {at:g} s after the start the event "
                f"was {'set' if event.is_set() else 'clear'}, but the light should be "
                f"{'green (set)' if green else 'red (clear)'} then."
            )
        lamp.join()
        check_light_entries(log, 2, 3.0, 2.0, "light(event, cycles=2, log, green=3.0, red=2.0)")
        assert event.is_set(), "When light() returns, the event must be left set (green)."

    explore(scenario, module="traffic")


@pytest.mark.points(1)
@pytest.mark.parametrize(("cycles", "green", "red"), [(1, 1.0, 4.0), (0, 3.0, 2.0)], ids=["one-cycle", "no-cycles"])
def test_light_other_timings(explore, cycles, green, red):
    def scenario(traffic):
        event = explore.threading.Event()
        log = TimedLog(explore)
        call = f"light(event, cycles={cycles}, log, green={green}, red={red})"
        lamp = start_thread(explore, "light", traffic.light, event, cycles, log, green, red)
        lamp.join()
        check_light_entries(log, cycles, green, red, call)
        assert event.is_set(), f"When {call} returns, the event must be left set (green)."

    explore(scenario, module="traffic")


# -- the cars -----------------------------------------------------------------------------------


@pytest.mark.points(1)
def test_car_crosses_at_once_on_green(explore):
    def scenario(traffic):
        event = explore.threading.Event()
        event.set()
        log = TimedLog(explore)
        start_thread(explore, "car-Bruce", traffic.car, "Bruce", event, log).join()
        assert log.timed() == [(0.0, "Bruce crosses")], (
            f"car('Bruce', event, log) with the light green logged {log.timed()} "
            "((seconds, entry) pairs); expected it to cross at once: [(0, 'Bruce crosses')]."
        )

    explore(scenario, module="traffic")


@pytest.mark.points(2)
def test_car_waits_for_green(explore):
    def scenario(traffic):
        event = explore.threading.Event()
        log = TimedLog(explore)
        driver = start_thread(explore, "car-Lee", traffic.car, "Lee", event, log)
        explore.sleep(5.0)  # red for five seconds
        if list(log):
            raise Violation(
                "wrong_result",
                f"car('Lee', event, log) logged {log.timed()} ((seconds, entry) pairs) while the event "
                "was clear (red): a car must wait until the light is green. event.wait() without a "
                "timeout waits as long as it takes.",
            )
        event.set()
        driver.join()
        assert log.timed() == [(5.0, "Lee crosses")], (
            f"The light turned green after 5 s and car('Lee', event, log) logged {log.timed()}; "
            "expected it to cross as soon as the light turned green: [(5, 'Lee crosses')]."
        )

    explore(scenario, module="traffic")


@pytest.mark.points(1)
def test_every_waiting_car_goes_on_green(explore):
    def scenario(traffic):
        event = explore.threading.Event()
        log = TimedLog(explore)
        drivers = [start_thread(explore, f"car-{n}", traffic.car, n, event, log) for n in ("Vick", "John")]
        explore.sleep(2.0)
        event.set()
        for d in drivers:
            d.join()
        assert sorted(log.timed()) == [(2.0, "John crosses"), (2.0, "Vick crosses")], (
            f"Two cars waited at a red light that turned green after 2 s; they logged {log.timed()}. "
            "Both should cross at 2 s: every thread waiting on the event wakes when it is set."
        )

    explore(scenario, module="traffic")


# -- the whole crossing ---------------------------------------------------------------------------


@pytest.mark.points(2)
@pytest.mark.parametrize("gap", [1.5, 2.0], ids=["gap-1.5", "gap-2"])
def test_run_lets_cars_cross_only_on_green(explore, gap):
    def scenario(traffic):
        cars = ("Bruce", "Amadeus", "Lee")
        log = TimedLog(explore)
        call = f"run(cars={cars}, cycles=1, green=3.0, red=2.0, gap={gap}, log=log)"
        result = traffic.run(cars=cars, cycles=1, green=3.0, red=2.0, gap=gap, log=log)
        assert result is log, f"{call} should return the log it was given."
        check_light_entries(log, 1, 3.0, 2.0, call)
        check_crossings(log, cars, call)

    explore(scenario, module="traffic")


@pytest.mark.points(1)
def test_run_with_a_car_after_the_last_cycle(explore):
    def scenario(traffic):
        log = TimedLog(explore)
        call = "run(cars=('Google',), cycles=1, green=1.0, red=1.0, gap=4.0, log=log)"
        traffic.run(cars=("Google",), cycles=1, green=1.0, red=1.0, gap=4.0, log=log)
        check_light_entries(log, 1, 1.0, 1.0, call)
        check_crossings(log, ("Google",), call)

    explore(scenario, module="traffic")


@pytest.mark.points(1)
def test_run_makes_its_own_log(explore):
    def scenario(traffic):
        log = traffic.run(cars=("Bruce",), cycles=1, green=3.0, red=2.0, gap=1.0)
        exact_type(log, list[str], "the log run(cars=('Bruce',), cycles=1, green=3.0, red=2.0, gap=1.0) returned")
        assert sorted(log) == sorted(["green", "red", "green", "Bruce crosses"]), (
            f"run(cars=('Bruce',), cycles=1, green=3.0, red=2.0, gap=1.0) returned {log!r}; expected a new "
            "list with the light's three entries and 'Bruce crosses'."
        )

    explore(scenario, module="traffic")
