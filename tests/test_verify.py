from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader import catalog
from grader import cli
from grader import verify


def test_fixture_exercise_verifies(fixture_root: Path) -> None:
    rows = verify.verify(catalog.load_catalog(fixture_root), fixture_root, runs=2)
    assert [(row.submission, row.verdict, row.runs_ok) for row in rows] == [
        ("solutions/01_adder/adder.py", "ok", 2),
        ("solutions/01_adder/alt/adder_sum.py", "ok", 2),
        ("exercises/01_adder/adder.py", "ok", 2),
        ("solutions/01_adder/wrong/hangs.py", "ok", 2),
        ("solutions/01_adder/wrong/subtracts.py", "ok", 2),
    ]
    assert verify.all_ok(rows)


@pytest.fixture
def broken_root(fixture_root: Path, tmp_path: Path) -> Path:
    """A copy of the fixture catalogue with a wrong submission that is right and one of the wrong kind."""
    root = tmp_path / "root"
    shutil.copytree(fixture_root, root)
    wrong = root / "solutions" / "01_adder" / "wrong"
    (wrong / "actually_right.py").write_text("# expect: wrong_result\ndef add(a, b):\n    return a + b\n")
    (wrong / "other_kind.py").write_text("# expect: deadlock\ndef add(a, b):\n    return 0\n")
    (root / "solutions" / "01_adder" / "alt" / "false.py").write_text("def add(a, b):\n    return a * b\n")
    return root


def test_slipped_through_wrong_kind_and_false_failure_are_reported(broken_root: Path, capsys) -> None:
    assert cli.main(["verify", "--root", str(broken_root), "--json", str(broken_root / "rows.json")]) == 1
    out = capsys.readouterr().out
    assert "NOT CAUGHT" in out and "wrong kind" in out and "false failure" in out
    rows = {row.submission.rpartition("/")[2]: row.verdict for row in _rows(broken_root)}
    assert rows["actually_right.py"] == "NOT CAUGHT"
    assert rows["other_kind.py"] == "wrong kind"
    assert rows["false.py"] == "false failure"


def _rows(root: Path) -> list[verify.Row]:
    import json

    return [verify.Row(**row) for row in json.loads((root / "rows.json").read_text())]


def test_expect_line(tmp_path: Path) -> None:
    path = tmp_path / "w.py"
    path.write_text("# expect: deadlock|timeout\n")
    assert verify.expected_kinds(path) == ("deadlock", "timeout")
    path.write_text("import os\n")
    assert verify.expected_kinds(path) == ()


def test_a_wrong_submission_above_the_cap_is_reported_until_its_test_is_a_property(
    fixture_root: Path, tmp_path: Path
) -> None:
    root = tmp_path / "root"
    shutil.copytree(fixture_root, root)
    wrong = root / "solutions" / "01_adder" / "wrong"
    # Wrong for negative numbers only: 7.5 of 10 points from the other tests, above the 60 % cap.
    (wrong / "abs_sum.py").write_text("# expect: wrong_result\ndef add(a, b):\n    return abs(a) + abs(b)\n")
    rows = {row.submission.rpartition("/")[2]: row for row in verify.verify(catalog.load_catalog(root), root)}
    assert rows["abs_sum.py"].verdict == verify.TOO_HIGH
    assert rows["abs_sum.py"].got.startswith("7.5/10")

    toml = root / "exercises" / "01_adder" / "exercise.toml"
    toml.write_text(toml.read_text() + '\n[scoring]\nproperty = ["test_3_*"]\n')
    rows = {row.submission.rpartition("/")[2]: row for row in verify.verify(catalog.load_catalog(root), root)}
    assert rows["abs_sum.py"].verdict == verify.OK
    assert rows["abs_sum.py"].got.startswith("6/10")
    assert verify.all_ok(list(rows.values()))
