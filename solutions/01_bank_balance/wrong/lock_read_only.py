# expect: lost_update
"""The read is locked but the write happens after the lock is released: the value written may be stale."""

from __future__ import annotations

import threading


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self.lock = threading.Lock()

    def change_it(self, n):
        with self.lock:
            tmp = self.balance
        self.balance = tmp + n
        with self.lock:
            tmp = self.balance
        self.balance = tmp - n


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
