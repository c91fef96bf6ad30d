"""Points per test and the total: an exercise's points shared out in proportion to the tests' weights.

Partial credit is the sum over passing tests. A grading that is not all-pass never shows the maximum, even after
rounding, so "full marks" in the total always means every test passed. An exercise's concurrency property
carries the majority of its points: a grading with a concurrency bug, or a failing test the exercise names as
its property, is capped (docs/contracts.md, "Scoring").
"""

from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Sequence

from grader.results import CaseResult
from grader.results import ScoreCap

PLACES = 2
CAP = 0.6  # the share of an exercise's points a grading with a concurrency bug can earn at most
# The kinds that say the concurrency itself is wrong: updates lost, threads stuck or in each other's way, a
# limit broken, work not done concurrently at all, items lost, threads or processes left running, or a hang.
SEVERE_KINDS = frozenset(
    {
        "lost_update",
        "deadlock",
        "lock_order",
        "mutual_exclusion",
        "over_limit",
        "serialized",
        "lost_item",
        "leaked_thread",
        "leaked_process",
        "timeout",
    }
)


def share(points: float, weights: Sequence[float]) -> list[float]:
    """Each weight's share of `points`; with no positive weight, every test gets an equal share."""
    if not weights:
        return []
    total = sum(weights)
    if total <= 0:
        return [points / len(weights)] * len(weights)
    return [points * weight / total for weight in weights]


def score_tests(points: float, tests: Sequence[CaseResult]) -> tuple[tuple[CaseResult, ...], float]:
    """Return the tests with `score`/`max_score` filled in, and the total score."""
    shares = share(points, [max(test.weight, 0.0) for test in tests])
    scored = tuple(
        dataclasses.replace(
            test,
            max_score=round(part, PLACES),
            score=round(part, PLACES) if test.passed else 0.0,
        )
        for test, part in zip(tests, shares, strict=True)
    )
    all_passed = bool(tests) and all(test.passed for test in tests)
    if all_passed:
        return scored, float(points)
    earned = sum(part for test, part in zip(tests, shares, strict=True) if test.passed)
    total = round(earned, PLACES)
    if total >= points:
        total = round(points - 10**-PLACES, PLACES)
    return scored, max(total, 0.0)


def severity_cap(
    points: float, tests: Sequence[CaseResult], total: float, property_tests: Sequence[str] = (), cap: float = CAP
) -> ScoreCap | None:
    """The cap on `total` when a test failed with a severe kind or is one of the exercise's `property_tests`.

    `property_tests` are patterns (fnmatch) over test function names (`test_x`, of any module, any parameters);
    a pattern starting with `!` leaves the names it matches out. None when nothing calls for a cap or the total
    is already within it.
    """
    failing = [test for test in tests if not test.passed]
    kinds = sorted({test.diagnosis.kind for test in failing if test.diagnosis and test.diagnosis.kind in SEVERE_KINDS})
    named = [test.name for test in failing if is_property(function_name(test.name), property_tests)]
    limit = cap_limit(points, cap)
    if not (kinds or named) or total <= limit:
        return None
    return ScoreCap(limit=limit, earned=total, kinds=tuple(kinds), tests=tuple(named))


def is_property(function: str, patterns: Sequence[str]) -> bool:
    """Whether a test function is one of the exercise's property tests (see `severity_cap`)."""
    left_out = any(fnmatch.fnmatchcase(function, p[1:]) for p in patterns if p.startswith("!"))
    return not left_out and any(fnmatch.fnmatchcase(function, p) for p in patterns if not p.startswith("!"))


def cap_limit(points: float, cap: float = CAP) -> float:
    """The most a capped grading of an exercise worth `points` can score."""
    return round(points * cap, PLACES)


def function_name(nodeid: str) -> str:
    """`test_x` of `tests/hidden/test_m.py::test_x[param]`."""
    return nodeid.rpartition("::")[2].partition("[")[0]
