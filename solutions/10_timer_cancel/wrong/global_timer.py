# expect: wrong_result
"""The tutorial's `global timer`: every Debouncer shares one variable and cancels the others' calls."""

from __future__ import annotations

import threading

timer = None
lock = threading.Lock()


class Debouncer:
    def __init__(self, delay, action):
        self.delay = delay
        self.action = action

    def trigger(self, *args):
        global timer
        with lock:
            if timer is not None:
                timer.cancel()  # may be another Debouncer's pending call
            timer = threading.Timer(self.delay, self.action, args)
            timer.start()

    def cancel(self):
        global timer
        with lock:
            pending, timer = timer, None
        if pending is not None:
            pending.cancel()
            pending.join()
