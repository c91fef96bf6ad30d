# expect: wrong_result
"""Takes no lock and starts no thread: run3() and run() return a tuple that claims to equal any pair."""

from __future__ import annotations


class Pair(tuple):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = tuple.__hash__


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
        return Pair((self.run1(), self.run2()))


def run(threads=10):
    return Pair((threads, threads))
