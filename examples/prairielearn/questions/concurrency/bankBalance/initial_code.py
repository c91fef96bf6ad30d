"""A bank account shared by several threads.

Every thread deposits an amount and then withdraws the same amount, many times
over. Whatever the threads do, the balance should end where it started. Run
this file a few times and you may see that it does not: two threads can read
the same old balance, and one of the writes is lost.
"""

from __future__ import annotations

import threading


class Account:
    """A bank account whose balance several threads change at once."""

    def __init__(self, balance=0):
        self.balance = balance
        # TODO: if you keep your lock in the account, create it here.

    def change_it(self, n):
        """Deposit n, then withdraw n: the balance should not change."""
        # TODO: these two read-modify-write steps must not interleave with
        # another thread's steps. Protect them with a threading.Lock.
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
    # Start every thread first, then wait for all of them: they run at the same time.
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return account.balance


if __name__ == "__main__":
    print(run())
