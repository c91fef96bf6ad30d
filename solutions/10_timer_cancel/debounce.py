"""A debouncer: run an action once, a moment after the last of a burst of triggers."""

from __future__ import annotations

import threading


class Debouncer:
    """Calls action(*args) delay seconds after the last trigger(*args), in a threading.Timer."""

    def __init__(self, delay, action):
        self.delay = delay
        self.action = action
        self._timer = None
        # Guards self._timer: two threads replacing it at once could both cancel the
        # same old timer and leave one of the new ones running, never cancelled.
        self._lock = threading.Lock()

    def trigger(self, *args):
        """Start the countdown again: only the last trigger of a burst calls the action."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.action, args)
            self._timer.start()

    def cancel(self):
        """Drop the pending call; return only when no timer thread of ours is running."""
        with self._lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
            # cancel() cannot stop an action that has already begun: wait for it.
            # Joined outside the lock, so an action that triggers again cannot deadlock.
            timer.join()


if __name__ == "__main__":
    import time

    search = Debouncer(0.5, lambda text: print("searching for", repr(text)))
    for prefix in ("p", "py", "pyt", "pyth", "pytho", "python"):
        search.trigger(prefix)
        time.sleep(0.1)  # typing: faster than the delay, so nothing is searched yet
    time.sleep(1.0)  # one search, for "python"
    search.cancel()
