"""The seed's own fix: one module-level lock, taken in run_thread around each change_it call."""

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
    for _ in range(times):
        # Take the lock first ...
        lock.acquire()
        try:
            # ... then change the balance safely ...
            account.change_it(n)
        finally:
            # ... and always give the lock back.
            lock.release()


def run(amounts=(5, 8), times=100_000):
    account = Account()
    threads = []
    for n in amounts:
        t = threading.Thread(target=run_thread, args=(account, n, times))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    return account.balance
