from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from test_reporters_formats import RESULTS

from grader import cli


def test_grade_writes_every_format(fixture_root: Path, submissions: Path, tmp_path: Path, capsys) -> None:
    paths = {fmt: tmp_path / f"out.{fmt}" for fmt in ("html", "junit", "gradescope", "exercism", "csv")}
    argv = ["exercise-01", "--root", str(fixture_root), "--submission", str(submissions / "partial.py")]
    for fmt, path in paths.items():
        argv += [f"--{fmt}", str(path)]
    assert cli.main([*argv, "--learner", "ada"]) == 1
    page = paths["html"].read_text()
    assert page.startswith("<!DOCTYPE html>") and "Grading report for ada" in page and "Your file" in page
    assert "<testsuites" in paths["junit"].read_text()
    assert json.loads(paths["gradescope"].read_text())["tests"]
    assert json.loads(paths["exercism"].read_text())["version"] == 3
    rows = list(csv.reader(paths["csv"].read_text().splitlines()))
    assert rows[0][-2:] == ["exercise-01", "Total"] and rows[1][0] == "ada"


def test_report_rerenders_saved_results(tmp_path: Path) -> None:
    out = tmp_path / "one.html"
    files = [str(RESULTS / "lost_update.json"), str(RESULTS / "deadlock.json")]
    assert cli.main(["report", *files, "--html", str(out), "--junit", str(tmp_path / "j.xml")]) == 0
    text = out.read_text()
    assert "exercise-01" in text and "exercise-02" in text and 'class="wait-graph"' in text


def test_report_class_writes_a_page_per_learner(tmp_path: Path) -> None:
    files = []
    for learner, name in (("alice", "lost_update"), ("alice", "deadlock"), ("bob", "pipeline")):
        folder = tmp_path / "batch" / learner
        folder.mkdir(parents=True, exist_ok=True)
        files.append(str(shutil.copy(RESULTS / f"{name}.json", folder)))
    out = tmp_path / "site" / "index.html"
    out.parent.mkdir()
    assert cli.main(["report", *files, "--class", "--html", str(out), "--csv", str(tmp_path / "g.csv")]) == 0
    assert 'href="learner-alice.html"' in out.read_text()
    alice = (out.parent / "learner-alice.html").read_text()
    assert 'href="index.html"' in alice and "exercise-02" in alice
    assert (out.parent / "learner-bob.html").is_file()
    assert [row[0] for row in csv.reader((tmp_path / "g.csv").read_text().splitlines())][1:] == ["alice", "bob"]


@pytest.mark.parametrize(
    "extra",
    [
        [],  # nothing to write
        ["--gradescope", "x.json"],  # two results, one Gradescope file
        ["--class", "--exercism", "x.json"],
    ],
)
def test_report_usage_errors(extra: list[str], tmp_path: Path, capsys) -> None:
    files = [str(RESULTS / "lost_update.json"), str(RESULTS / "deadlock.json")]
    assert cli.main(["report", *files, *[str(tmp_path / e) if e.endswith(".json") else e for e in extra]]) == 2


def test_report_of_a_file_that_is_not_a_result(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    assert cli.main(["report", str(bad), "--html", str(tmp_path / "x.html")]) == 2
    assert cli.main(["report", str(tmp_path / "missing.json"), "--html", str(tmp_path / "x.html")]) == 2
