from __future__ import annotations

import pytest

from grader import scoring
from grader.results import CaseResult
from grader.results import Outcome


def case(name: str, outcome: Outcome, weight: float = 1.0) -> CaseResult:
    return CaseResult(name=name, outcome=outcome, weight=weight)


def test_points_are_shared_by_weight() -> None:
    assert scoring.share(10, [1, 2, 1]) == [2.5, 5.0, 2.5]


def test_zero_weights_share_equally() -> None:
    assert scoring.share(9, [0, 0, 0]) == [3.0, 3.0, 3.0]


def test_partial_credit_is_the_sum_over_passing_tests() -> None:
    tests = [case("a", Outcome.PASS, 1), case("b", Outcome.FAIL, 2), case("c", Outcome.PASS, 1)]
    scored, total = scoring.score_tests(10, tests)
    assert [(t.score, t.max_score) for t in scored] == [(2.5, 2.5), (0.0, 5.0), (2.5, 2.5)]
    assert total == 5.0


def test_all_pass_is_exactly_full_marks() -> None:
    tests = [case(str(i), Outcome.PASS) for i in range(3)]
    _scored, total = scoring.score_tests(10, tests)
    assert total == 10


@pytest.mark.parametrize("outcome", [Outcome.FAIL, Outcome.ERROR, Outcome.TIMEOUT])
def test_a_tiny_failure_never_rounds_up_to_full_marks(outcome: Outcome) -> None:
    tests = [case("big", Outcome.PASS, 100_000), case("tiny", outcome, 1)]
    _scored, total = scoring.score_tests(10, tests)
    assert total < 10


def test_no_tests_scores_nothing() -> None:
    assert scoring.score_tests(10, []) == ((), 0.0)
