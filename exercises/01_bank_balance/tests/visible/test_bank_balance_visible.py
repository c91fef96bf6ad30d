"""Visible tests for the bank-balance exercise: run them with `grade 01`."""

from __future__ import annotations

import pytest

from grader.testing import exact_type


@pytest.mark.points(1)
def test_change_it_leaves_the_balance_unchanged():
    import bank

    account = bank.Account(balance=10)
    account.change_it(5)
    balance = exact_type(account.balance, int, "the balance after Account(balance=10).change_it(5)")
    assert balance == 10, (
        f"Account(balance=10).change_it(5) left the balance at {balance}; "
        "change_it(n) should deposit n and then withdraw n, ending where it started."
    )


@pytest.mark.points(1)
def test_run_returns_zero_with_default_arguments():
    import bank

    exact_type(bank.run(), int, what="the final balance run() returned")
    # With real threads a lost update shows only by luck: test_no_update_is_lost below checks the value.


@pytest.mark.points(2)
def test_no_update_is_lost(explore):
    def scenario(bank):
        result = exact_type(
            bank.run(amounts=(5, 8), times=2), int, "the final balance run(amounts=(5, 8), times=2) returned"
        )
        assert result == 0, (
            f"run(amounts=(5, 8), times=2) returned {result} instead of 0: either one thread "
            "overwrote the balance with a value computed from an old read (hold one shared lock "
            "around the deposit and the withdrawal), or run() read the balance before its "
            "threads had finished (join them all first)."
        )

    explore(scenario, module="bank")
