"""`grade replay`: every test of the exercise runs, failing ones with their schedules; a mismatch is refused or said."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from grader import catalog
from grader import cli
from grader import provenance
from grader import replay
from grader import runner
from grader.errors import UsageError
from grader.provenance import Environment
from grader.results import GradingResult

ADDER_TESTS = [
    "tests/visible/test_adder_visible.py::test_1_small",
    "tests/hidden/test_adder_hidden.py::test_2_large",
    "tests/hidden/test_adder_hidden.py::test_3_negative",
]
# Passes test_2_large (the one partial.py fails) and fails test_1_small.
LARGE_ONLY = "def add(a, b):\n    return a + b if abs(a) >= 100 or a < 0 else 0\n"


@pytest.fixture
def root_env(fixture_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GRADER_ROOT", str(fixture_root))
    return fixture_root


@pytest.fixture
def saved(root_env: Path, submissions: Path, tmp_path: Path) -> Path:
    """A result of partial.py: test_2_large fails (5 / 10)."""
    path = tmp_path / "saved.json"
    assert cli.main(["1", "--submission", str(submissions / "partial.py"), "--json", str(path)]) == 1
    return path


def _edit(path: Path, **environment: Any) -> None:
    data = json.loads(path.read_text())
    if environment:
        data["environment"] |= environment
    else:
        del data["environment"]
    path.write_text(json.dumps(data))


def _tests(path: Path) -> dict[str, str]:
    return {test["name"]: test["status"] for test in json.loads(path.read_text())["tests"]}


def test_a_replay_runs_every_test_and_scores_against_the_whole_exercise(saved: Path, tmp_path: Path, capsys) -> None:
    capsys.readouterr()
    again = tmp_path / "again.json"
    assert cli.main(["replay", str(saved), "--json", str(again)]) == 1
    assert sorted(_tests(again)) == sorted(ADDER_TESTS)
    assert _tests(again) == _tests(saved)
    data = json.loads(again.read_text())
    assert (data["score"], data["max_score"], data["full_marks"]) == (5, 10, False)
    captured = capsys.readouterr()
    assert "Score: 5 / 10" in captured.out
    assert "score is out of the whole exercise" in captured.err


def test_passing_the_replayed_failures_is_not_full_marks_when_another_test_fails(
    saved: Path, tmp_path: Path, capsys
) -> None:
    other = tmp_path / "adder.py"
    other.write_text(LARGE_ONLY)
    again = tmp_path / "again.json"
    assert cli.main(["replay", str(saved), "--submission", str(other), "--json", str(again)]) == 1
    tests = _tests(again)
    assert tests["tests/hidden/test_adder_hidden.py::test_2_large"] == "pass"
    assert tests["tests/visible/test_adder_visible.py::test_1_small"] == "fail"
    data = json.loads(again.read_text())
    assert data["score"] < data["max_score"] and not data["full_marks"]
    assert "Full marks" not in capsys.readouterr().out


def test_another_minor_version_is_refused_with_exit_2(saved: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    _edit(saved, python="3.10.14")
    capsys.readouterr()

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a refused replay must not grade")

    monkeypatch.setattr(runner, "grade", never)
    assert cli.main(["replay", str(saved)]) == 2
    err = capsys.readouterr().err
    assert "cannot replay" in err and "CPython 3.10.14" in err and replay.OVERRIDE in err


def test_another_implementation_is_refused(saved: Path, capsys) -> None:
    _edit(saved, implementation="PyPy")
    assert cli.main(["replay", str(saved)]) == 2
    assert "PyPy" in capsys.readouterr().err


def test_the_override_runs_it_and_says_the_schedules_may_not_reproduce(saved: Path, capsys) -> None:
    _edit(saved, python="3.10.14")
    capsys.readouterr()
    assert cli.main(["replay", str(saved), replay.OVERRIDE]) == 1
    captured = capsys.readouterr()
    assert "may not reproduce" in captured.err and "Score: 5 / 10" in captured.out


def _other_patch() -> str:
    major, minor, *patch = provenance.here().python.split(".")
    return f"{major}.{minor}.{'1' if patch == ['0'] else '0'}"


@pytest.mark.parametrize(
    ("environment", "said"),
    [
        ({"python": _other_patch()}, "patch release"),
        ({"grader": "0.0.0-older"}, "grader 0.0.0-older"),
        ({}, "does not say which Python"),
    ],
    ids=["patch", "grader", "unrecorded"],
)
def test_a_patch_release_a_grader_version_or_no_record_is_a_warning(
    saved: Path, environment: dict[str, str], said: str, capsys
) -> None:
    _edit(saved, **environment)
    capsys.readouterr()
    assert cli.main(["replay", str(saved)]) == 1
    err = capsys.readouterr().err
    assert "warning" in err and said in err


def test_the_same_environment_warns_nothing(saved: Path, capsys) -> None:
    capsys.readouterr()
    assert cli.main(["replay", str(saved)]) == 1
    assert "warning" not in capsys.readouterr().err


def _failing(name: str, replay_data: dict[str, Any] | None) -> dict[str, Any]:
    diagnosis = {"kind": "lost_update", "message": "lost", "replay": replay_data}
    return {"name": name, "status": "fail", "diagnosis": diagnosis, "replay": replay_data}


def _result(*tests: dict[str, Any]) -> GradingResult:
    data = {"version": 1, "exercise": "exercise-01", "score": 0, "max_score": 10, "tests": list(tests)}
    return GradingResult.from_dict(data | {"environment": provenance.here().to_dict()})


def test_plan_replays_failing_tests_with_a_schedule_and_refuses_a_mismatch() -> None:
    schedule = {"seed": 1, "strategy": "random", "decisions": [0, 1]}
    saved = _result(_failing("t.py::a", schedule), _failing("t.py::b", None), _failing("<run>", schedule))
    plan = replay.plan(saved)
    assert plan.failing == ("t.py::a", "t.py::b") and plan.replays == {"t.py::a": schedule} and not plan.warnings
    elsewhere = Environment("CPython", "2.7.18", provenance.here().grader)
    with pytest.raises(UsageError, match="cannot replay"):
        replay.plan(saved, current=elsewhere)
    assert "may not reproduce" in replay.plan(saved, current=elsewhere, allow_other_python=True).warnings[0]


def test_outcome_counts_what_still_fails_and_names_tests_that_are_gone() -> None:
    schedule = {"seed": 1, "strategy": "random", "decisions": [0]}
    plan = replay.plan(_result(_failing("t.py::a", schedule), _failing("t.py::b", schedule), _failing("t.py::c", None)))
    again = _result(_failing("t.py::a", schedule), {"name": "t.py::b", "status": "pass"})
    first, gone = replay.outcome(plan, again)
    assert first.startswith("Of 2 replayed failure(s), 1 still fail(s) and 1 pass(es)")
    assert gone.endswith("t.py::c")


@pytest.mark.timeout(600)
def test_a_recorded_lost_update_fails_again_and_the_score_is_the_saved_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = catalog.find_root()
    monkeypatch.setenv("GRADER_ROOT", str(root))
    exercise = catalog.resolve(catalog.load_catalog(root), "1")
    wrong = exercise.solutions / "wrong" / "no_lock.py"
    saved, again = tmp_path / "saved.json", tmp_path / "again.json"
    assert cli.main(["1", "--submission", str(wrong), "--json", str(saved)]) == 1
    before = json.loads(saved.read_text())
    replayed = [t["name"] for t in before["tests"] if t["replay"]]
    assert replayed, "no failure recorded a schedule"
    assert cli.main(["replay", str(saved), "--json", str(again)]) == 1
    after = json.loads(again.read_text())
    assert _tests(again) == _tests(saved)
    assert after["score"] == before["score"] < after["max_score"]
    kinds = {t["name"]: t["diagnosis"]["kind"] for t in after["tests"] if t["diagnosis"]}
    assert all(kinds[name] == t["diagnosis"]["kind"] for t in before["tests"] if (name := t["name"]) in replayed)
