from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from batch_class import two_exercise_root
from batch_class import write_learner

from grader import cli


def test_ci_grades_every_exercise_present_and_writes_every_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    root = two_exercise_root(tmp_path)
    repo = tmp_path / "repo"
    write_learner(repo, {"01_adder": "reference", "02_adder_again": "wrong"})
    step_summary = tmp_path / "step_summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    argv = ["ci", "--submissions", str(repo), "--root", str(root), "--workers", "2"]
    reports = ["--junit", str(tmp_path / "junit.xml"), "--gradescope", str(tmp_path / "results.json")]
    assert cli.main([*argv, *reports, "--min-score", "40"]) == 0
    summary = step_summary.read_text()
    assert "| \u2705 exercise-01" in summary and "| \u274c exercise-02" in summary and "(passed)" in summary
    assert "**10 / 20** (50%)" in capsys.readouterr().out
    suites = ET.parse(tmp_path / "junit.xml").getroot()
    assert len(suites.findall(".//testcase")) == 6
    gradescope = json.loads((tmp_path / "results.json").read_text())
    assert gradescope["score"] == 10 and gradescope["tests"][0]["name"].startswith("exercise-01: ")
    assert cli.main([*argv, "--min-score", "60"]) == 1


def test_ci_with_no_exercise_files_is_a_usage_error(tmp_path: Path, fixture_root: Path) -> None:
    (tmp_path / "repo").mkdir()
    assert cli.main(["ci", "--submissions", str(tmp_path / "repo"), "--root", str(fixture_root)]) == 2
