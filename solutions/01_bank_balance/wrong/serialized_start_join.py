# expect: serialized
"""No lock: each thread is started and joined before the next one starts, so they never run together."""

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
    for n in amounts:
        t = threading.Thread(target=run_thread, args=(account, n, times))
        t.start()
        t.join()
    return account.balance
