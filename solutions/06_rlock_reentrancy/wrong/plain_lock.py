# expect: deadlock
"""The stub as given: a plain Lock, so run3's thread waits for itself in run1."""

from __future__ import annotations

import threading


class Counters:
    def __init__(self):
        self.num1 = 0
        self.num2 = 0
        self.lock = threading.Lock()

    def run1(self):
        with self.lock:
            self.num1 += 1
            return self.num1

    def run2(self):
        with self.lock:
            self.num2 += 1
            return self.num2

    def run3(self):
        with self.lock:
            res1 = self.run1()
            res2 = self.run2()
        return res1, res2


def run(threads=10):
    counters = Counters()
    workers = [threading.Thread(target=counters.run3) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return counters.num1, counters.num2
