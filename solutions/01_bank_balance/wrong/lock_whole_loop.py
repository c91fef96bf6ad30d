# expect: serialized
"""Safe but not concurrent: each thread holds the lock for its whole loop, so the threads take turns for the entire job."""

from __future__ import annotations

import threading

lock = threading.Lock()


class Account:
    def __init__(self, balance=0):
        self.balance = balance

    def change_it(self, n):
        self.balance = self.balance + n
        self.balance = self.balance - n


def run_thread(account, n, times):
    with lock:
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
