"""Hidden tests for the rlock-reentrancy exercise: the full contract of counters.py."""

from __future__ import annotations

import pytest

from grader.explorer import Violation
from grader.testing import exact_type
from grader.testing import same
from grader.testing import show


def not_atomic(call, result, detail):
    return Violation(
        "mutual_exclusion",
        f"{call} returned {result}: {detail} run3 must hold the one lock that run1 and run2 use "
        "for its whole body, so no other thread can call run1 or run2 between its two steps. "
        "Separate locks per method do not keep each other out.",
    )


def check_pair(result, call):
    assert type(result) is tuple and len(result) == 2, f"{call} should return a pair (res1, res2), got {show(result)}."
    exact_type(result, tuple[int, int], f"the pair {call} returned")


def spawn(explore, targets):
    threading = explore.threading
    workers = [threading.Thread(target=fn, name=name) for name, fn in targets]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


# -- one thread -------------------------------------------------------------------------------


@pytest.mark.points(1)
def test_run1_and_run2_count_from_zero():
    import counters

    c = counters.Counters()
    assert same((c.num1, c.num2), (0, 0)), (
        f"Counters() should start with num1 = num2 = 0, got ({show(c.num1)}, {show(c.num2)})."
    )
    got = [c.run1(), c.run1(), c.run2()]
    assert same(got, [1, 2, 1]), f"run1(), run1(), run2() on a fresh Counters returned {show(got)}; expected [1, 2, 1]."
    assert same((c.num1, c.num2), (2, 1)), f"After run1() twice and run2() once, (num1, num2) is ({c.num1}, {c.num2})."


@pytest.mark.points(2)
def test_run3_in_one_thread_does_not_wait_for_itself(explore):
    def scenario(counters):
        c = counters.Counters()
        first = c.run3()
        check_pair(first, "run3()")
        assert first == (1, 1), f"The first run3() on a fresh Counters returned {first}; expected (1, 1)."
        second = c.run3()
        assert same(second, (2, 2)), f"The second run3() returned {show(second)}; expected (2, 2)."
        assert same(c.run1(), 3), "run1() after two run3() calls should return 3."

    explore(scenario, module="counters")


# -- several threads ----------------------------------------------------------------------------


@pytest.mark.points(2)
@pytest.mark.parametrize("n", [2, 3])
def test_run_counts_every_run3(explore, n):
    def scenario(counters):
        result = counters.run(threads=n)
        assert same(result, (n, n)), (
            f"run(threads={n}) returned {show(result)}; every thread calls run3 once, so both counters must end at {n}."
        )

    explore(scenario, module="counters")


@pytest.mark.points(2)
def test_run3_is_one_unit_between_run3_calls(explore):
    def scenario(counters):
        c = counters.Counters()
        results = {}

        def job(name):
            def go():
                results[name] = [c.run3(), c.run3()]

            return name, go

        spawn(explore, [job("A"), job("B")])
        for name, pairs in results.items():
            for pair in pairs:
                check_pair(pair, "run3()")
                if pair[0] != pair[1]:
                    raise not_atomic(
                        f"run3() in thread {name}",
                        pair,
                        "with only run3 callers both counters always move together, so its two "
                        "results can only differ if another thread's run1 or run2 ran between them.",
                    )
        assert same((c.num1, c.num2), (4, 4)), (
            f"Two threads called run3() twice each, but (num1, num2) ended at ({show(c.num1)}, {show(c.num2)}) instead of (4, 4)."
        )

    explore(scenario, module="counters")


@pytest.mark.points(2)
def test_run3_keeps_direct_callers_out(explore):
    def scenario(counters):
        c = counters.Counters()
        out = {}

        def caller3():
            out["run3"] = c.run3()

        def caller12():
            out["run1"] = c.run1()
            out["run2"] = c.run2()

        spawn(explore, [("run3-caller", caller3), ("run1-run2-caller", caller12)])
        pair = out.get("run3")
        check_pair(pair, "run3()")
        # The other thread calls run1 before run2, so num1 >= num2 whenever run3 can start;
        # run3 returning res1 < res2 means that thread's run1 and run2 both ran inside run3.
        if pair[0] < pair[1]:
            raise not_atomic(
                "run3()",
                pair,
                f"another thread's run1() (it returned {show(out.get('run1'))}) and run2() (it returned "
                f"{show(out.get('run2'))}) both ran between run3's own run1 and run2.",
            )
        assert same((c.num1, c.num2), (2, 2)), (
            f"run3() in one thread and run1(), run2() in another left (num1, num2) at ({show(c.num1)}, {show(c.num2)}) "
            "instead of (2, 2)."
        )

    explore(scenario, module="counters")


@pytest.mark.points(1)
def test_two_counters_do_not_share_counts(explore):
    def scenario(counters):
        a, b = counters.Counters(), counters.Counters()
        spawn(explore, [("on-a", a.run3), ("on-b", b.run3)])
        assert same((a.num1, a.num2, b.num1, b.num2), (1, 1, 1, 1)), (
            "One thread called run3() on Counters a and another on Counters b; each should end at "
            f"(1, 1), got a = ({show(a.num1)}, {show(a.num2)}), b = ({show(b.num1)}, {show(b.num2)}). Keep the counters in "
            "the instance (self.num1, self.num2)."
        )

    explore(scenario, module="counters")
