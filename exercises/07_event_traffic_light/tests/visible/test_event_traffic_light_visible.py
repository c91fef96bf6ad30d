"""Visible tests for the event-traffic-light exercise: run them with `grade 07`."""

from __future__ import annotations

import pytest

from grader.explorer import Violation
from grader.testing import exact_type


@pytest.mark.points(1)
def test_light_logs_its_cycles_and_ends_green(explore):
    def scenario(traffic):
        event = explore.threading.Event()
        log = []
        lamp = explore.threading.Thread(target=traffic.light, args=(event, 2, log, 3.0, 2.0), name="light")
        lamp.start()
        lamp.join()
        exact_type(log, list[str], "the log")
        assert log == ["green", "red", "green", "red", "green"], (
            f"light(event, cycles=2, log) logged {log}; expected two green-red cycles and a final green: "
            "['green', 'red', 'green', 'red', 'green']."
        )
        assert event.is_set(), "When light() returns, the event must be left set (green)."

    explore(scenario, module="traffic")


@pytest.mark.points(2)
def test_car_waits_at_a_red_light(explore):
    def scenario(traffic):
        event = explore.threading.Event()  # clear: red
        log = []
        driver = explore.threading.Thread(target=traffic.car, args=("Lee", event, log), name="car-Lee")
        driver.start()
        explore.sleep(5.0)
        if exact_type(log, list[str], "the log"):
            raise Violation("wrong_result", f"The light was red, but car('Lee', event, log) logged {log}.")
        event.set()
        driver.join()
        assert exact_type(log, list[str], "the log") == ["Lee crosses"], (
            f"After the light turned green, car('Lee', event, log) logged {log}."
        )

    explore(scenario, module="traffic")


@pytest.mark.points(1)
def test_run_finishes_with_every_car_across(explore):
    def scenario(traffic):
        log = exact_type(traffic.run(), list[str], "the log run() returned")
        crossed = sorted(entry for entry in log if entry.endswith(" crosses"))
        assert crossed == ["Amadeus crosses", "Bruce crosses", "Lee crosses"], f"run() returned the log {log}."

    explore(scenario, module="traffic")
