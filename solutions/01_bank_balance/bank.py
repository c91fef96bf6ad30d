"""A bank account shared by several threads, with its updates protected by a lock."""

from __future__ import annotations

import threading


class Account:
    """A bank account whose balance several threads change at once."""

    def __init__(self, balance=0):
        self.balance = balance
        # One lock per account: every change to this balance goes through it.
        self.lock = threading.Lock()

    def change_it(self, n):
        """Deposit n, then withdraw n: the balance should not change."""
        # Holding the lock makes the two read-modify-write steps one unit:
        # no other thread can read the balance between our read and our write.
        with self.lock:
            self.balance = self.balance + n
            self.balance = self.balance - n


def run_thread(account, n, times):
    """Call account.change_it(n) `times` times."""
    for _ in range(times):
        account.change_it(n)


def run(amounts=(5, 8), times=100_000):
    """Start one thread per amount on one fresh Account and return its final balance."""
    account = Account()
    threads = [threading.Thread(target=run_thread, args=(account, n, times)) for n in amounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return account.balance


if __name__ == "__main__":
    print(run())
