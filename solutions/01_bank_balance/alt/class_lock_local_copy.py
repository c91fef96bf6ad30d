"""One lock shared by every Account (a class attribute), with the arithmetic on a local copy."""

from __future__ import annotations

from threading import Lock
from threading import Thread


class Account:
    lock = Lock()

    def __init__(self, balance=0):
        self.balance = balance

    def change_it(self, n):
        with Account.lock:
            current = self.balance
            current = current + n
            self.balance = current
            current = self.balance
            current = current - n
            self.balance = current


def run_thread(account, n, times):
    i = 0
    while i < times:
        account.change_it(n)
        i += 1


def run(amounts=(5, 8), times=100_000):
    account = Account()
    workers = [Thread(target=run_thread, args=(account, n, times), name=f"depositor-{n}") for n in amounts]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return account.balance
