"""Two counters behind one lock, and a method that needs both.

This is the tutorial's run1/run2/run3 example, moved into a class. run1 and run2
each take the lock to add one to a counter. run3 takes the lock and, while it
holds it, calls run1 and run2, so that nobody can change the counters between
its two steps. With a plain threading.Lock, the very first run3 never returns:
run1 tries to take a lock that its own thread already holds, and waits for
itself forever.
"""

from __future__ import annotations

import threading


class Counters:
    """num1 and num2, changed only while holding self.lock."""

    def __init__(self):
        self.num1 = 0
        self.num2 = 0
        # TODO: a plain Lock cannot be taken twice by the same thread. run3
        # holds it while run1 and run2 take it again. Use a lock that allows
        # this (or change run3 so that it never takes the lock twice).
        self.lock = threading.Lock()

    def run1(self):
        """Add 1 to num1 under the lock; return the new num1."""
        with self.lock:
            self.num1 += 1
            return self.num1

    def run2(self):
        """Add 1 to num2 under the lock; return the new num2."""
        with self.lock:
            self.num2 += 1
            return self.num2

    def run3(self):
        """Run run1 and run2 as one unit: nobody else may change the counters in between."""
        with self.lock:
            res1 = self.run1()
            res2 = self.run2()
        return res1, res2


def run(threads=10):
    """Start `threads` threads that each call run3 once on one Counters; return (num1, num2)."""
    counters = Counters()
    workers = [threading.Thread(target=counters.run3) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return counters.num1, counters.num2


if __name__ == "__main__":
    print(run())
