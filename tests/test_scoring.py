from __future__ import annotations

import pytest

from grader import scoring
from grader.results import CaseResult
from grader.results import Diagnosis
from grader.results import Outcome
from grader.results import ScoreCap


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


def failed(name: str, kind: str, weight: float = 1.0) -> CaseResult:
    return CaseResult(name=name, outcome=Outcome.FAIL, weight=weight, diagnosis=Diagnosis(kind, "it went wrong"))


def capped(tests: list[CaseResult], points: float = 10.0, property_tests: tuple[str, ...] = ()) -> ScoreCap | None:
    scored, total = scoring.score_tests(points, tests)
    return scoring.severity_cap(points, scored, total, property_tests)


@pytest.mark.parametrize("kind", sorted(scoring.SEVERE_KINDS))
def test_a_concurrency_bug_caps_the_total_at_sixty_percent(kind: str) -> None:
    tests = [case(f"t::ok{i}", Outcome.PASS) for i in range(9)] + [failed("t::racy", kind)]
    cap = capped(tests)
    assert cap == ScoreCap(limit=6.0, earned=9.0, kinds=(kind,), tests=())


def test_a_wrong_result_alone_is_not_capped() -> None:
    tests = [case(f"t::ok{i}", Outcome.PASS) for i in range(9)] + [failed("t::off_by_one", "wrong_result")]
    assert capped(tests) is None


def test_a_failing_property_test_caps_whatever_its_kind() -> None:
    tests = [case(f"t::ok{i}", Outcome.PASS) for i in range(9)] + [
        failed("tests/h/t.py::test_order[3]", "wrong_result")
    ]
    cap = capped(tests, property_tests=("test_order*",))
    assert cap is not None and cap.tests == ("tests/h/t.py::test_order[3]",) and cap.kinds == ()


def test_a_left_out_pattern_is_no_property_test() -> None:
    tests = [case(f"t::ok{i}", Outcome.PASS) for i in range(9)] + [failed("t::test_module_api", "wrong_result")]
    assert capped(tests, property_tests=("test_*", "!test_module_api")) is None
    assert scoring.is_property("test_keeps_order", ("test_*", "!test_module_api"))


def test_no_cap_when_the_total_is_already_below_it() -> None:
    tests = [case("t::ok", Outcome.PASS), failed("t::a", "deadlock"), failed("t::b", "deadlock")]
    assert capped(tests) is None  # 3.33 earned: below 6 already


def test_the_cap_is_the_exercises_share() -> None:
    tests = [case(f"t::ok{i}", Outcome.PASS) for i in range(3)] + [failed("t::racy", "lost_update")]
    scored, total = scoring.score_tests(20, tests)
    cap = scoring.severity_cap(20, scored, total, (), cap=0.5)
    assert cap is not None and cap.limit == 10.0 and cap.earned == 15.0
