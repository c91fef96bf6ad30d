# expect: lost_update
"""The seed's unlocked code: two threads can read the same old balance."""

from __future__ import annotations

import threading


class Account:
    def __init__(self, balance=0):
        self.balance = balance

    def change_it(self, n):
        self.balance = self.balance + n
        self.balance = self.balance - n


def run_thread(account, n, times):
    for _ in range(times):
        account.change_it(n)


def run(amounts=(5, 8), times=100_000):
    account = Account()
    threads = [threading.Thread(target=run_thread, args=(account, n, times)) for n in amounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return account.balance
