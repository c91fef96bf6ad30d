"""The tutorial's traffic light: a light thread sets and clears an Event, car threads wait for it."""

from __future__ import annotations

import threading
import time


def light(event, cycles, log, green=3.0, red=2.0):
    """Run `cycles` green-then-red cycles, then turn green for good and return."""
    for _ in range(cycles):
        event.set()
        log.append("green")
        time.sleep(green)
        event.clear()
        log.append("red")
        time.sleep(red)
    # Leave the light green: a car that arrives later must not wait forever.
    event.set()
    log.append("green")


def car(name, event, log):
    """Wait until the light is green, then cross: log "<name> crosses" once."""
    # The tutorial's loop: cross on green, otherwise sleep in wait() until set() wakes us.
    while not event.is_set():
        event.wait()
    log.append(f"{name} crosses")


def run(cars=("Bruce", "Amadeus", "Lee"), cycles=2, green=3.0, red=2.0, gap=1.5, log=None):
    """Start the light, then one car every `gap` seconds; wait for them all; return the log."""
    if log is None:
        log = []
    event = threading.Event()
    lamp = threading.Thread(target=light, args=(event, cycles, log, green, red), name="light")
    lamp.start()
    drivers = []
    for name in cars:
        time.sleep(gap)
        t = threading.Thread(target=car, args=(name, event, log), name=f"car-{name}")
        t.start()
        drivers.append(t)
    lamp.join()
    for t in drivers:
        t.join()
    return log


if __name__ == "__main__":
    for line in run():
        print(line)
