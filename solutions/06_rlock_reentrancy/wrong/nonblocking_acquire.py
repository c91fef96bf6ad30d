# expect: lost_update|mutual_exclusion
"""Avoids the self-deadlock with acquire(blocking=False), and goes on even when it did not get the lock."""

from __future__ import annotations

import threading


class Counters:
    def __init__(self):
        self.num1 = 0
        self.num2 = 0
        self.lock = threading.Lock()

    def _locked(self, fn):
        got = self.lock.acquire(blocking=False)
        try:
            return fn()
        finally:
            if got:
                self.lock.release()

    def _add1(self):
        self.num1 += 1
        return self.num1

    def _add2(self):
        self.num2 += 1
        return self.num2

    def run1(self):
        return self._locked(self._add1)

    def run2(self):
        return self._locked(self._add2)

    def run3(self):
        return self._locked(lambda: (self.run1(), self.run2()))


def run(threads=10):
    counters = Counters()
    workers = [threading.Thread(target=counters.run3) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return counters.num1, counters.num2
