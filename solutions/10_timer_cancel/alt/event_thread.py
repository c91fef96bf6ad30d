"""No Timer: each call gets a thread of its own that waits on an Event with a timeout."""

from __future__ import annotations

import threading


class _Countdown(threading.Thread):
    """A hand-made Timer: wait() returns False when the delay has passed without stop()."""

    def __init__(self, delay, action, args):
        super().__init__(name="countdown")
        self._delay = delay
        self._action = action
        self._args = args
        self._stopped = threading.Event()

    def stop(self):
        self._stopped.set()

    def run(self):
        if not self._stopped.wait(self._delay):
            self._action(*self._args)


class Debouncer:
    def __init__(self, delay, action):
        self.delay = delay
        self.action = action
        self._pending = None
        self._guard = threading.RLock()

    def trigger(self, *args):
        with self._guard:
            if self._pending is not None:
                self._pending.stop()
            self._pending = _Countdown(self.delay, self.action, args)
            self._pending.start()

    def cancel(self):
        with self._guard:
            pending = self._pending
            self._pending = None
        if pending is not None:
            pending.stop()
            pending.join()
