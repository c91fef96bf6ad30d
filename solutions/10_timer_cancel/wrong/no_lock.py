# expect: wrong_result|lost_update
"""Right for one caller, but two threads triggering at once can both replace the same old timer."""

from __future__ import annotations

import threading


class Debouncer:
    def __init__(self, delay, action):
        self.delay = delay
        self.action = action
        self._timer = None

    def trigger(self, *args):
        old = self._timer
        if old is not None:
            old.cancel()
        new = threading.Timer(self.delay, self.action, args)
        new.start()
        self._timer = new

    def cancel(self):
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
            timer.join()
