"""Every Timer ever started is kept until it is over; cancel() cancels and joins all of them."""

from __future__ import annotations

from threading import Lock
from threading import Timer


class Debouncer:
    def __init__(self, delay, action):
        self.delay = delay
        self.action = action
        self.timers = []
        self.lock = Lock()

    def trigger(self, *args):
        new = Timer(self.delay, self.action, args=args)
        self.lock.acquire()
        try:
            for old in self.timers:
                old.cancel()
            # Forget the timers that are over; the new one is the only pending call.
            self.timers = [t for t in self.timers if t.is_alive()]
            self.timers.append(new)
            new.start()
        finally:
            self.lock.release()

    def cancel(self):
        self.lock.acquire()
        try:
            timers = self.timers
            self.timers = []
        finally:
            self.lock.release()
        for t in timers:
            t.cancel()
        for t in timers:
            t.join()
