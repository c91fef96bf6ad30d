from __future__ import annotations

import pytest

from grader.results import RESULTS_VERSION
from grader.results import CaseResult
from grader.results import Diagnosis
from grader.results import GradingResult
from grader.results import Outcome
from grader.results import RunInfo


def sample() -> GradingResult:
    replay = {"seed": 3, "strategy": "random", "decisions": [0, 1]}
    trace = ({"step": 1, "thread": "T1", "line": 9, "source": "x = x + 1", "event": "read", "detail": "x = 0"},)
    return GradingResult(
        exercise="exercise-01",
        slug="adder",
        title="Adder",
        submission="adder.py",
        seed=3,
        score=2.5,
        max_score=10,
        tests=(
            CaseResult("t.py::a", Outcome.PASS, 1, 2.5, 2.5),
            CaseResult(
                "t.py::b",
                Outcome.FAIL,
                3,
                0,
                7.5,
                "lost",
                Diagnosis("lost_update", "An update was lost.", "Use a lock.", trace, replay),
            ),
        ),
        run=RunInfo(returncode=1, finished=True),
    )


def test_round_trip() -> None:
    result = sample()
    assert GradingResult.from_dict(result.to_dict()) == result


def test_json_shape() -> None:
    data = sample().to_dict()
    assert data["version"] == RESULTS_VERSION
    assert {"version", "exercise", "score", "max_score", "tests", "seed"} <= data.keys()
    passed, failed = data["tests"]
    assert passed["diagnosis"] is None and passed["replay"] is None
    assert failed["status"] == "fail"
    assert failed["diagnosis"]["kind"] == "lost_update"
    assert failed["replay"] == {"seed": 3, "strategy": "random", "decisions": [0, 1]}


def test_full_marks_needs_at_least_one_test_and_all_passing() -> None:
    assert not sample().full_marks
    empty = GradingResult("e", "s", "t", "f", 0, 0, 10, ())
    assert not empty.full_marks


def test_untrusted_diagnosis_is_normalised() -> None:
    diagnosis = Diagnosis.from_dict({"kind": "made_up", "trace": ["junk", {"step": 1}], "replay": "junk"})
    assert diagnosis == Diagnosis("error", "(no message)", None, ({"step": 1},), None)


def test_other_versions_are_refused() -> None:
    data = sample().to_dict() | {"version": RESULTS_VERSION + 1}
    with pytest.raises(ValueError, match="unsupported results version"):
        GradingResult.from_dict(data)
