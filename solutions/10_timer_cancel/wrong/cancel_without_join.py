# expect: wrong_result|leaked_thread
"""cancel() cancels the timer but does not wait: an action that has already started keeps running."""

from __future__ import annotations

import threading


class Debouncer:
    def __init__(self, delay, action):
        self.delay = delay
        self.action = action
        self._timer = None
        self._lock = threading.Lock()

    def trigger(self, *args):
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.action, args)
            self._timer.start()

    def cancel(self):
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
