# expect: error
"""One Timer made in __init__, cancelled and started again: a thread can only be started once."""

from __future__ import annotations

import threading


class Debouncer:
    def __init__(self, delay, action):
        self.delay = delay
        self.action = action
        self.timer = threading.Timer(delay, self._fire)
        self.args = ()

    def _fire(self):
        self.action(*self.args)

    def trigger(self, *args):
        self.args = args
        self.timer.cancel()
        self.timer.start()  # "restart the countdown"

    def cancel(self):
        self.timer.cancel()
        if self.timer.is_alive():
            self.timer.join()
