"""An RLock kept in the account, taken with explicit acquire/release inside change_it."""

from __future__ import annotations

import threading


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self._guard = threading.RLock()

    def deposit(self, n):
        with self._guard:
            self.balance = self.balance + n

    def withdraw(self, n):
        with self._guard:
            self.balance = self.balance - n

    def change_it(self, n):
        # The RLock lets this thread take the guard again inside deposit() and
        # withdraw(), so the whole deposit-then-withdraw is one unit.
        self._guard.acquire()
        try:
            self.deposit(n)
            self.withdraw(n)
        finally:
            self._guard.release()


def run_thread(account, n, times):
    for _ in range(times):
        account.change_it(n)


def run(amounts=(5, 8), times=100_000):
    account = Account()
    threads = [threading.Thread(target=run_thread, args=(account, n, times), daemon=True) for n in amounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return account.balance
