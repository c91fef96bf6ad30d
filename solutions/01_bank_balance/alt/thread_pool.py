"""A thread pool runs the jobs; a module-level lock guards the balance inside change_it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

balance_lock = threading.Lock()


class Account:
    def __init__(self, balance=0):
        self.balance = balance

    def change_it(self, n):
        balance_lock.acquire()
        try:
            self.balance = self.balance + n
            self.balance = self.balance - n
        finally:
            balance_lock.release()


def run_thread(account, n, times):
    for _ in range(times):
        account.change_it(n)


def run(amounts=(5, 8), times=100_000):
    account = Account()
    # One worker per amount, so all the jobs run at the same time. Leaving the
    # with-block waits for every job to finish (and for the workers to stop).
    with ThreadPoolExecutor(max_workers=len(amounts)) as pool:
        futures = [pool.submit(run_thread, account, n, times) for n in amounts]
    for f in futures:
        f.result()  # re-raise anything a job raised
    return account.balance
