"""Points per test and the total: an exercise's points shared out in proportion to the tests' weights.

Partial credit is the sum over passing tests. A grading that is not all-pass never shows the maximum, even after
rounding, so "full marks" in the total always means every test passed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from grader.results import CaseResult

PLACES = 2


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
