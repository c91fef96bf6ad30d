# expect: wrong_result
"""Starts no thread and returns an int that claims to equal every number: the tests must not believe it."""

from __future__ import annotations


class Balance(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


class Account:
    def __init__(self, balance=0):
        self.balance = balance

    def change_it(self, n):
        pass


def run_thread(account, n, times):
    for _ in range(times):
        account.change_it(n)


def run(amounts=(5, 8), times=100_000):
    return Balance(0)
