"""The light keeps a schedule of deadlines on the clock; cars wait in short timed waits, never spinning."""

from __future__ import annotations

import threading
import time


def light(event, cycles, log, green=3.0, red=2.0):
    deadline = time.monotonic()
    for _ in range(cycles):
        for is_green, seconds in ((True, green), (False, red)):
            if is_green:
                event.set()
                log.append("green")
            else:
                event.clear()
                log.append("red")
            deadline += seconds
            time.sleep(max(0.0, deadline - time.monotonic()))
    event.set()
    log.append("green")


def car(name, event, log):
    # wait(timeout) blocks for up to half a second and returns True once the light is green.
    while not event.wait(timeout=0.5):
        pass
    log.append(name + " crosses")


def run(cars=("Bruce", "Amadeus", "Lee"), cycles=2, green=3.0, red=2.0, gap=1.5, log=None):
    log = [] if log is None else log
    event = threading.Event()
    threads = [threading.Thread(target=light, args=(event, cycles, log), kwargs={"green": green, "red": red})]
    threads[0].start()
    for name in cars:
        time.sleep(gap)
        threads.append(threading.Thread(target=car, args=(name, event, log), daemon=True))
        threads[-1].start()
    for t in threads:
        t.join()
    return log
