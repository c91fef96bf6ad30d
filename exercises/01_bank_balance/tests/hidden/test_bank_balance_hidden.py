"""Hidden tests for the bank-balance exercise: the full contract of bank.py."""

from __future__ import annotations

import itertools

import pytest

from grader.explorer import Violation
from grader.testing import exact_type


class Serialized(AssertionError):
    """No explored schedule ever interleaved the threads' work: reported as serialized."""

    def __init__(self, message):
        super().__init__(message)
        self.grader_diagnosis = {"kind": "serialized", "message": message}


def _check_zero(result, call):
    exact_type(result, int, what=f"the final balance {call} returned")
    assert result == 0, (
        f"{call} returned {result} instead of 0. Every change_it(n) deposits n and withdraws n, "
        "so the balance can only drift when one thread writes a value computed from a balance "
        "another thread has already changed (hold one shared lock around both steps), or when "
        "run() reads the balance before its threads have finished (join them all first)."
    )


# -- API shape and plain results (real threads) ---------------------------------------------


@pytest.mark.points(1)
def test_account_starts_with_the_given_balance():
    import bank

    assert exact_type(bank.Account().balance, int, "Account().balance") == 0, "Account() should start with balance 0."
    assert exact_type(bank.Account(balance=42).balance, int, "Account(balance=42).balance") == 42, (
        "Account(balance=42) should start with balance 42."
    )
    assert exact_type(bank.Account(7).balance, int, "Account(7).balance") == 7, (
        "Account(7) should start with balance 7 (balance is the first argument)."
    )


@pytest.mark.points(1)
def test_change_it_and_run_thread_in_one_thread():
    import bank

    account = bank.Account(balance=100)
    account.change_it(8)
    assert exact_type(account.balance, int, "the balance after change_it(8)") == 100, (
        f"change_it(8) on a balance of 100 left {account.balance}; it should leave 100."
    )
    bank.run_thread(account, 5, 10)
    assert exact_type(account.balance, int, "the balance after run_thread(account, 5, 10)") == 100, (
        f"run_thread(account, 5, 10) on a balance of 100 left {account.balance}; it should leave 100."
    )


@pytest.mark.points(1)
def test_run_with_real_threads():
    # Real threads only show that run() works outside the explorer; whether an update can be lost, or a
    # thread outlive run(), depends on timing there, so the explorer's tests below decide those.
    import bank

    for kwargs in ({}, {"amounts": (1, 2, 3, 4), "times": 1_000}):
        call = "run(" + ", ".join(f"{k}={v!r}" for k, v in kwargs.items()) + ")"
        exact_type(bank.run(**kwargs), int, what=f"the final balance {call} returned")


# -- Concurrency properties (schedule explorer) ---------------------------------------------


@pytest.mark.points(3)
def test_run_loses_no_update(explore):
    def scenario(bank):
        _check_zero(bank.run(amounts=(5, 8), times=2), "run(amounts=(5, 8), times=2)")

    explore(scenario, module="bank")


@pytest.mark.points(2)
def test_three_threads_lose_no_update(explore):
    def scenario(bank):
        _check_zero(bank.run(amounts=(1, 2, 3), times=1), "run(amounts=(1, 2, 3), times=1)")

    explore(scenario, module="bank")


@pytest.mark.points(3)
def test_run_thread_on_a_shared_account(explore):
    threading = explore.threading

    def scenario(bank):
        account = bank.Account(balance=100)
        workers = [
            threading.Thread(target=bank.run_thread, args=(account, n, 2), name=f"run_thread-{n}") for n in (5, 8)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        balance = exact_type(account.balance, int, "the balance after two run_thread threads")
        assert balance == 100, (
            f"Two threads ran run_thread(account, 5, 2) and run_thread(account, 8, 2) on an "
            f"Account(balance=100) and left {balance}. Calls to change_it from different "
            "threads on the same account must not interleave: all of them need the same lock."
        )

    explore(scenario, module="bank")


@pytest.mark.points(2)
def test_run_waits_for_its_threads(explore):
    def scenario(bank):
        done = []

        class SlowAccount(bank.Account):
            def change_it(self, n):
                # A slow bank: every change takes a (virtual) second.
                explore.sleep(1.0)
                super().change_it(n)
                done.append(n)

        bank.Account = SlowAccount
        result = bank.run(amounts=(5, 8), times=2)
        if len(done) != 4:
            main = explore.threading.main_thread()
            if any(t is not main and t.is_alive() for t in explore.threading.enumerate()):
                # run() returned while its threads were still working: returning now lets the
                # explorer report them as leaked_thread, naming each thread and where it is.
                return
            raise AssertionError(
                f"run(amounts=(5, 8), times=2) returned after {len(done)} of its 4 change_it calls, and no thread "
                "of it is still working: every thread must call change_it(n) `times` times on the one account."
            )
        _check_zero(result, "run(amounts=(5, 8), times=2)")

    explore(scenario, module="bank")


@pytest.mark.points(2)
def test_threads_really_overlap(explore):
    threading = explore.threading
    polls = 50

    def scenario(bank):
        main = threading.current_thread()
        seen = {"together": False}

        def alive_workers():
            return [t for t in threading.enumerate() if t is not main and t.is_alive()]

        class WatchedAccount(bank.Account):
            def change_it(self, n):
                # Before the first change, give the other thread a chance to be started.
                for _ in range(polls):
                    if seen["together"]:
                        break
                    if len(alive_workers()) >= 2:
                        seen["together"] = True
                        break
                    explore.sleep(0.01)
                else:
                    raise Violation(
                        "serialized",
                        "While one of run()'s threads was changing the balance, no other thread of "
                        "run() was alive: the threads ran one after another, never at the same time. "
                        "Start every thread first and only then join them; let the lock, not "
                        "join(), keep the balance safe.",
                    )
                super().change_it(n)

        bank.Account = WatchedAccount
        _check_zero(bank.run(amounts=(5, 8), times=1), "run(amounts=(5, 8), times=1)")

    explore(scenario, module="bank")


@pytest.mark.points(2)
def test_the_threads_work_interleaves(explore):
    orders = []  # one entry per explored schedule: the amounts in the order change_it was called

    def scenario(bank):
        calls = []

        class RecordingAccount(bank.Account):
            def change_it(self, n):
                calls.append(n)
                super().change_it(n)

        bank.Account = RecordingAccount
        _check_zero(bank.run(amounts=(5, 8), times=3), "run(amounts=(5, 8), times=3)")
        orders.append(calls)

    report = explore(scenario, module="bank")
    # Interleaved: the amount changes more than once, e.g. 5, 8, 5, ... rather than 5, 5, 5, 8, 8, 8.
    interleaved = [c for c in orders if sum(1 for a, b in itertools.pairwise(c) if a != b) > 1]
    if not interleaved:
        raise Serialized(
            f"In all {report.runs} interleavings explored, one thread of run(amounts=(5, 8), times=3) "
            "made all three of its change_it calls before the other thread made any: the threads "
            "never worked at the same time. That happens when the lock is held around the whole "
            "loop in run_thread (or a thread is joined before the next one starts). Hold the lock "
            "only around one deposit-and-withdrawal, so that it is released between two calls."
        )
