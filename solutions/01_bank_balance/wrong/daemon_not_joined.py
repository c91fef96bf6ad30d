# expect: leaked_thread|wrong_result
"""Daemon threads that are never joined: run() reads the balance while they may still be working."""

from __future__ import annotations

import threading
import time


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self.lock = threading.Lock()

    def change_it(self, n):
        with self.lock:
            self.balance = self.balance + n
            self.balance = self.balance - n


def run_thread(account, n, times):
    for _ in range(times):
        account.change_it(n)


def run(amounts=(5, 8), times=100_000):
    account = Account()
    for n in amounts:
        t = threading.Thread(target=run_thread, args=(account, n, times))
        t.daemon = True
        t.start()
    time.sleep(0.001)  # "long enough" - a guess, not a guarantee
    return account.balance
