"""No nested acquire at all: a plain Lock, taken once per public method; helpers assume it is held."""

from __future__ import annotations

import threading


class Counters:
    def __init__(self):
        self.num1 = 0
        self.num2 = 0
        self._lock = threading.Lock()

    # The helpers do the work and must only be called with self._lock held.
    def _add1(self):
        self.num1 += 1
        return self.num1

    def _add2(self):
        self.num2 += 1
        return self.num2

    def run1(self):
        with self._lock:
            return self._add1()

    def run2(self):
        with self._lock:
            return self._add2()

    def run3(self):
        with self._lock:
            return self._add1(), self._add2()


def run(threads=10):
    counters = Counters()
    workers = [threading.Thread(target=counters.run3) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return counters.num1, counters.num2
