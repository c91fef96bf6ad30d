# expect: lost_update|mutual_exclusion
"""The lock is removed to get rid of the deadlock: now two threads can both read num1 = 0."""

from __future__ import annotations

import threading


class Counters:
    def __init__(self):
        self.num1 = 0
        self.num2 = 0

    def run1(self):
        self.num1 += 1
        return self.num1

    def run2(self):
        self.num2 += 1
        return self.num2

    def run3(self):
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
