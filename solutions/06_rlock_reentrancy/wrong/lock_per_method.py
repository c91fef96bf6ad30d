# expect: mutual_exclusion
"""A different RLock for each method ("the wrong key"): run3's lock does not keep run1 or run2 out."""

from __future__ import annotations

import threading


class Counters:
    def __init__(self):
        self.num1 = 0
        self.num2 = 0
        self.lock1 = threading.RLock()
        self.lock2 = threading.RLock()
        self.lock3 = threading.RLock()

    def run1(self):
        with self.lock1:
            self.num1 += 1
            return self.num1

    def run2(self):
        with self.lock2:
            self.num2 += 1
            return self.num2

    def run3(self):
        with self.lock3:
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
