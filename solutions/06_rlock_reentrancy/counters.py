"""Two counters behind one re-entrant lock, and a method that needs both."""

from __future__ import annotations

import threading


class Counters:
    """num1 and num2, changed only while holding self.lock."""

    def __init__(self):
        self.num1 = 0
        self.num2 = 0
        # An RLock remembers which thread holds it and how many times: the holder may take it
        # again (run3 -> run1), and it is free again only after as many releases as acquires.
        self.lock = threading.RLock()

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
