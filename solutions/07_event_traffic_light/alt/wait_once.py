"""A car needs only one event.wait(): without a timeout it returns (True) only once the event is set."""

from __future__ import annotations

from threading import Event
from threading import Thread
from time import sleep


def light(event, cycles, log, green=3.0, red=2.0):
    n = 0
    while n < cycles:
        event.set()
        log.append("green")
        sleep(green)
        event.clear()
        log.append("red")
        sleep(red)
        n += 1
    event.set()
    log.append("green")


def car(name, event, log):
    event.wait()
    log.append(f"{name} crosses")


def run(cars=("Bruce", "Amadeus", "Lee"), cycles=2, green=3.0, red=2.0, gap=1.5, log=None):
    if log is None:
        log = []
    lamp_is_green = Event()
    lamp = Thread(target=light, args=(lamp_is_green, cycles, log, green, red), name="light")
    lamp.start()
    drivers = []
    for name in cars:
        sleep(gap)
        drivers.append(Thread(target=car, args=(name, lamp_is_green, log), name=name))
        drivers[-1].start()
    for t in [lamp, *drivers]:
        t.join()
    return log
