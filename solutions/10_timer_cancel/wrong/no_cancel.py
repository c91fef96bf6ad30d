# expect: wrong_result
"""The tutorial's Timer as it is: every trigger starts a new Timer and nothing is ever cancelled."""

from __future__ import annotations

import threading


class Debouncer:
    def __init__(self, delay, action):
        self.delay = delay
        self.action = action
        self.timers = []

    def trigger(self, *args):
        timer = threading.Timer(self.delay, self.action, args)
        timer.start()
        self.timers.append(timer)

    def cancel(self):
        for timer in self.timers:
            timer.join()  # waits for every call to happen: nothing is cancelled
        self.timers = []
