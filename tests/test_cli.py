from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from grader import cli
from grader import runner

REFERENCE = Path("solutions") / "01_adder" / "adder.py"


@pytest.fixture
def root_env(fixture_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GRADER_ROOT", str(fixture_root))
    return fixture_root


def test_full_marks_exit_0_and_json_shape(root_env: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "result.json"
    code = cli.main(["exercise-01", "--submission", str(root_env / REFERENCE), "--json", str(out)])
    assert code == 0
    data = json.loads(out.read_text())
    assert {"version", "exercise", "score", "max_score", "tests", "seed"} <= data.keys()
    assert (data["exercise"], data["score"], data["max_score"], data["seed"]) == ("exercise-01", 10, 10, 0)
    for test in data["tests"]:
        assert {"name", "status", "score", "max_score", "message", "diagnosis"} <= test.keys()
        assert test["status"] == "pass" and test["diagnosis"] is None
    assert "Score: 10 / 10" in capsys.readouterr().out


def test_working_copy_is_graded_by_default_and_fails_with_1(root_env: Path, capsys) -> None:
    assert cli.main(["1"]) == 1
    out = capsys.readouterr().out
    assert "Not implemented yet" in out
    assert "hints.md" in out


def test_json_to_stdout_only(root_env: Path, submissions: Path, capsys) -> None:
    assert cli.main(["adder", "--submission", str(submissions / "partial.py"), "--json", "-"]) == 1
    data = json.loads(capsys.readouterr().out)
    failed = [t for t in data["tests"] if t["status"] != "pass"]
    assert [t["diagnosis"]["kind"] for t in failed] == ["wrong_result"]
    assert data["score"] == 5


@pytest.mark.parametrize(
    "argv",
    [
        ["exercise-99"],
        ["1", "--submission", "missing.py"],
        [],
        ["1", "--seed", "-3"],
        ["verify", "nope"],
        ["replay", "x.json"],
    ],
)
def test_usage_errors_exit_2(root_env: Path, argv: list[str], capsys) -> None:
    assert cli.main(argv) == 2
    assert "error" in capsys.readouterr().err


def test_grader_failure_exits_3(root_env: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(runner, "grade", broken)
    assert cli.main(["1"]) == 3
    assert "the grader itself failed" in capsys.readouterr().err


def test_list_json_shape(root_env: Path, capsys) -> None:
    assert cli.main(["list", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert {"id", "slug", "title", "topic", "max_score"} <= entry.keys()
    assert (entry["id"], entry["slug"], entry["max_score"]) == ("exercise-01", "adder", 10)


def test_list_table(root_env: Path, capsys) -> None:
    assert cli.main(["list"]) == 0
    assert "exercise-01" in capsys.readouterr().out


def test_replay_reruns_the_failing_tests_among_all(root_env: Path, submissions: Path, tmp_path: Path, capsys) -> None:
    saved = tmp_path / "saved.json"
    assert cli.main(["1", "--submission", str(submissions / "partial.py"), "--json", str(saved)]) == 1
    again = tmp_path / "again.json"
    assert cli.main(["replay", str(saved), "--json", str(again)]) == 1
    failed = [t["name"] for t in json.loads(again.read_text())["tests"] if t["status"] != "pass"]
    assert failed == ["tests/hidden/test_adder_hidden.py::test_2_large"]
    assert len(json.loads(again.read_text())["tests"]) == 3  # every test of the exercise (tests/test_replay.py)
    fixed = root_env / REFERENCE
    assert cli.main(["replay", str(saved), "--submission", str(fixed)]) == 0


def test_console_script_and_module_entry_points(root_env: Path) -> None:
    for argv in (["grade"], [sys.executable, "-m", "grader"]):
        if argv == ["grade"]:
            argv = [str(Path(sys.executable).with_name("grade"))]
        done = subprocess.run([*argv, "list", "--json"], capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)[0]["id"] == "exercise-01"
        done = subprocess.run([*argv, "nope"], capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 2
