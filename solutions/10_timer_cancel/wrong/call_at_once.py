# expect: wrong_result
"""Calls the action at the first trigger and then ignores triggers for `delay` seconds (a throttle)."""

from __future__ import annotations

import threading


class Debouncer:
    def __init__(self, delay, action):
        self.delay = delay
        self.action = action
        self._quiet = None
        self._lock = threading.Lock()

    def trigger(self, *args):
        with self._lock:
            if self._quiet is not None and self._quiet.is_alive():
                return
            self.action(*args)
            self._quiet = threading.Timer(self.delay, lambda: None)
            self._quiet.start()

    def cancel(self):
        with self._lock:
            quiet, self._quiet = self._quiet, None
        if quiet is not None:
            quiet.cancel()
            quiet.join()
