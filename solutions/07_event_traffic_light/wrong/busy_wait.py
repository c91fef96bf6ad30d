# expect: timeout
"""The car keeps asking is_set() in a loop: it burns CPU and never lets time pass."""

from __future__ import annotations

import threading
import time


def light(event, cycles, log, green=3.0, red=2.0):
    for _ in range(cycles):
        event.set()
        log.append("green")
        time.sleep(green)
        event.clear()
        log.append("red")
        time.sleep(red)
    event.set()
    log.append("green")


def car(name, event, log):
    while not event.is_set():
        pass
    log.append(f"{name} crosses")


def run(cars=("Bruce", "Amadeus", "Lee"), cycles=2, green=3.0, red=2.0, gap=1.5, log=None):
    if log is None:
        log = []
    event = threading.Event()
    lamp = threading.Thread(target=light, args=(event, cycles, log, green, red))
    lamp.start()
    drivers = []
    for name in cars:
        time.sleep(gap)
        t = threading.Thread(target=car, args=(name, event, log))
        t.start()
        drivers.append(t)
    lamp.join()
    for t in drivers:
        t.join()
    return log
