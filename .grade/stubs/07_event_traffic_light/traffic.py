"""The tutorial's traffic light: a light thread sets and clears an Event, car threads wait for it.

The Event is the light: set means green, clear means red. A car that finds the
light red waits on the Event, without using any CPU, until the light turns green.
Unlike the tutorial's light, this one stops after a given number of cycles, so
that every thread ends and run() can join them all.
"""

from __future__ import annotations

import threading
import time


def light(event, cycles, log, green=3.0, red=2.0):
    """Run `cycles` green-then-red cycles, then turn green for good and return.

    Each cycle: set the event and log "green", stay green for `green` seconds;
    clear the event and log "red", stay red for `red` seconds. After the last
    cycle: set the event, log "green" and return (the light is left green).
    """
    # TODO: the loop above, with event.set(), event.clear(), log.append(...)
    # and time.sleep(...). Don't loop forever: stop after `cycles` cycles.


def car(name, event, log):
    """Wait until the light is green, then cross: log "<name> crosses" once."""
    # TODO: if the light is red, wait for it to turn green. Don't spin in a
    # loop that keeps checking event.is_set(): let event.wait() do the waiting.
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
