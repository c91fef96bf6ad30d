"""A debouncer: run an action once, a moment after the last of a burst of triggers.

A search box should not search on every keystroke: it waits until the user has
stopped typing for `delay` seconds and then searches once, for the last text.
threading.Timer(delay, function, args) calls function(*args) in a thread of its
own after delay seconds, unless its cancel() is called before that.
"""

from __future__ import annotations

import threading


class Debouncer:
    """Calls action(*args) delay seconds after the last trigger(*args), in a timer thread."""

    def __init__(self, delay, action):
        self.delay = delay
        self.action = action
        # TODO: remember the Timer of the pending call here (None while nothing is
        # pending), and create the lock that guards it.

    def trigger(self, *args):
        """Start the countdown again: only the last trigger of a burst calls the action."""
        # TODO: cancel the call that is still pending before starting a new one,
        # and keep the new Timer so that the next trigger() or cancel() can cancel it.
        timer = threading.Timer(self.delay, self.action, args)
        timer.start()

    def cancel(self):
        """Drop the pending call; return only when no timer thread is left running."""
        # TODO: cancel the pending Timer, then wait for its thread to end.


if __name__ == "__main__":
    import time

    search = Debouncer(0.5, lambda text: print("searching for", repr(text)))
    for prefix in ("p", "py", "pyt", "pyth", "pytho", "python"):
        search.trigger(prefix)
        time.sleep(0.1)  # typing: faster than the delay, so nothing should be searched yet
    time.sleep(1.0)  # now one search, for "python"
    search.cancel()
