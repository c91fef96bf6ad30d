from __future__ import annotations

import dataclasses
import importlib.metadata
import platform
import sys

import pytest

import grader
from grader import provenance
from grader.provenance import Environment
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


def test_a_new_result_records_where_it_was_made() -> None:
    data = sample().to_dict()
    here = provenance.here()
    assert data["environment"] == {
        "implementation": platform.python_implementation(),
        "python": platform.python_version(),
        "grader": provenance.grader_version(),
        "platform": f"{sys.platform}-{platform.machine()}",
    }
    assert here.interpreter == f"{platform.python_implementation()} {platform.python_version()}"
    assert GradingResult.from_dict(data).environment == here


def test_an_older_result_without_environment_still_loads_and_records_none() -> None:
    data = sample().to_dict()
    del data["environment"]
    loaded = GradingResult.from_dict(data)
    assert loaded.environment is None
    assert "environment" not in loaded.to_dict()
    assert dataclasses.replace(loaded, environment=None) == dataclasses.replace(sample(), environment=None)


def test_untrusted_environment_is_dropped_or_normalised() -> None:
    assert Environment.from_dict("CPython 3.11") is None
    assert Environment.from_dict({"implementation": "CPython", "python": 3.11}) is None
    assert Environment.from_dict({"implementation": "CPython", "python": "3.11.7", "grader": 1}) == Environment(
        "CPython", "3.11.7", ""
    )


def test_the_grader_version_falls_back_to_the_source_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(_name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(_name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert provenance.grader_version() == grader.__version__


def test_the_installed_version_is_the_distributions() -> None:
    assert provenance.grader_version() == importlib.metadata.version("concurrency-kata-grader")


@pytest.mark.parametrize(
    ("recorded", "refused", "warned"),
    [
        (Environment("CPython", "3.11.7", "0.1.0"), False, 0),
        (Environment("CPython", "3.11.2", "0.1.0"), False, 1),
        (Environment("CPython", "3.11.7", "0.0.9"), False, 1),
        (Environment("CPython", "3.11.2", "0.0.9"), False, 2),
        (Environment("CPython", "3.12.1", "0.1.0"), True, 0),
        (Environment("PyPy", "3.11.7", "0.1.0"), True, 0),
        (None, False, 1),
    ],
)
def test_compare_refuses_another_minor_or_implementation_and_warns_otherwise(
    recorded: Environment | None, refused: bool, warned: int
) -> None:
    mismatch = provenance.compare(recorded, Environment("CPython", "3.11.7", "0.1.0"))
    assert (mismatch.refusal is not None, len(mismatch.warnings)) == (refused, warned)
