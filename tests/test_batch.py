from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from batch_class import make_class
from rich.console import Console

from grader import catalog
from grader import cli
from grader.batch import pool
from grader.batch import run as batch_run
from grader.batch import submissions
from grader.batch.gradebook import Gradebook
from grader.batch.jobs import Job
from grader.errors import UsageError


def _options(folder: Path, out: Path, root: Path, **kwargs: object) -> batch_run.Options:
    return batch_run.Options(submissions=folder, out=out, root=root, **kwargs)  # type: ignore[arg-type]


def _quiet() -> Console:
    return Console(file=io.StringIO())


def test_find_reads_both_layouts_skips_missing_and_outside_links(tmp_path: Path, fixture_root: Path) -> None:
    exercises = catalog.load_catalog(fixture_root)
    make_class(tmp_path / "class", {"alice": {"01_adder": "reference"}, "carl": {}})
    (tmp_path / "class" / "bob" / "01_adder").mkdir(parents=True)
    (tmp_path / "class" / "bob" / "01_adder" / "adder.py").write_text("def add(a, b):\n    return a + b\n")
    (tmp_path / "class" / "mallory" / "exercises" / "01_adder").mkdir(parents=True)
    (tmp_path / "class" / "mallory" / "exercises" / "01_adder" / "adder.py").symlink_to(
        tmp_path / "class" / "alice" / "exercises" / "01_adder" / "adder.py"
    )
    (tmp_path / "class" / ".DS_Store").mkdir()
    found = submissions.find(tmp_path / "class", exercises)
    assert [(s.learner.folder, s.exercise.id) for s in found] == [("alice", "exercise-01"), ("bob", "exercise-01")]


def test_zip_export_is_unpacked_safely_and_a_wrapping_folder_is_seen_through(
    tmp_path: Path, fixture_root: Path
) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("course-export/alice/exercises/01_adder/adder.py", "def add(a, b):\n    return a + b\n")
        zipped.writestr("course-export/bob/01_adder/adder.py", "def add(a, b):\n    return a - b\n")
        zipped.writestr("../escaped.py", "print('out')\n")
    exercises = catalog.load_catalog(fixture_root)
    unpacked = submissions.unpack(archive, tmp_path / "out" / "submissions")
    assert not (tmp_path / "out" / "escaped.py").exists() and not (tmp_path / "escaped.py").exists()
    folder = submissions.class_folder(unpacked, exercises)
    assert folder.name == "course-export"
    assert [s.learner.folder for s in submissions.find(folder, exercises)] == ["alice", "bob"]


def test_roster_names_learners_and_needs_a_folder_column(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("Folder,Name,ID\nalice,Alice Liddell,1001\n")
    assert submissions.read_roster(roster)["alice"] == submissions.Learner("alice", "Alice Liddell", "1001")
    roster.write_text("name,id\nAlice,1\n")
    with pytest.raises(UsageError, match="folder"):
        submissions.read_roster(roster)


def test_a_class_with_hostile_learners_loses_nobody_and_reruns_only_what_changed(
    tmp_path: Path, fixture_root: Path
) -> None:
    folder = make_class(
        tmp_path / "class",
        {
            "alice": {"01_adder": "reference"},
            "bob": {"01_adder": "wrong"},
            "carol": {"01_adder": "exits"},
            "dave": {"01_adder": "hangs"},
            "erin": {"01_adder": "flood"},
            "frank": {"01_adder": "segfaults"},
        },
    )
    roster = tmp_path / "roster.csv"
    roster.write_text("folder,name,id\nalice,Alice Liddell,1001\n")
    out = tmp_path / "out"
    options = _options(folder, out, fixture_root, workers=2, roster=roster, gradescope=True, exercism=True)
    summary = batch_run.run(options, _quiet())
    assert (summary.found, summary.graded, summary.skipped, summary.failed) == (6, 6, 0, [])
    with Gradebook(out) as book:
        rows = {row.learner: row for row in book.rows()}
    assert rows["alice"].result.full_marks and rows["alice"].name == "Alice Liddell"
    kinds = {learner: {c.diagnosis.kind for c in row.result.failures if c.diagnosis} for learner, row in rows.items()}
    assert "wrong_result" in kinds["bob"]
    assert "crash" in kinds["carol"] and "crash" in kinds["frank"]
    assert kinds["dave"] & {"timeout", "deadlock"}
    assert "output_limit" in kinds["erin"]
    assert all(rows[learner].result.score < 10 for learner in ("bob", "carol", "dave", "erin", "frank"))

    page = (out / "index.html").read_text()
    assert "Alice Liddell" in page and "learner-bob.html" in page
    assert (out / "learner-Alice_Liddell.html").is_file() and (out / "learner-erin.html").is_file()
    grades = list(csv.reader((out / "grades.csv").read_text().splitlines()))
    assert grades[0][-2:] == ["exercise-01", "Total"]
    assert ["Alice Liddell", "1001", "1001", "Alice Liddell", "", "10", "10"] in grades
    gradescope = json.loads((out / "gradescope" / "learner-bob" / "exercise-01.json").read_text())
    assert gradescope["score"] == rows["bob"].result.score
    assert (out / "exercism" / "learner-carol" / "exercise-01.json").is_file()

    again = batch_run.run(options, _quiet())
    assert (again.graded, again.skipped, again.stored) == (0, 6, 6)

    bob = folder / "bob" / "exercises" / "01_adder" / "adder.py"
    bob.write_text(bob.read_text().replace("a - b", "a + b"))
    changed = batch_run.run(options, _quiet())
    assert (changed.graded, changed.skipped) == (1, 5)
    with Gradebook(out) as book:
        after = {row.learner: row for row in book.rows()}
    assert after["bob"].result.full_marks and after["bob"].run_id != rows["bob"].run_id
    assert all(after[name].run_id == rows[name].run_id for name in rows if name != "bob")


def test_cli_batch_prints_the_summary_line(tmp_path: Path, fixture_root: Path, capsys) -> None:
    folder = make_class(tmp_path / "class", {"alice": {"01_adder": "reference"}})
    argv = ["batch", str(folder), "--out", str(tmp_path / "out"), "--root", str(fixture_root), "--workers", "1"]
    assert cli.main(argv) == 0
    assert "1 learners, 1 submissions: graded 1, skipped 0 unchanged, 0 failed" in capsys.readouterr().out
    assert cli.main(argv) == 0
    captured = capsys.readouterr()
    assert "graded 0, skipped 1 unchanged" in captured.out
    assert "Skipping 1 gradings" in captured.err


def test_cli_batch_usage_errors(tmp_path: Path, fixture_root: Path) -> None:
    assert cli.main(["batch", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "--root", str(fixture_root)]) == 2
    assert cli.main(["batch", str(tmp_path), "--root", str(fixture_root)]) == 2


def _kills_its_worker(job: Job) -> dict[str, str]:
    if job.learner == "mallory":
        os._exit(1)
    return {"learner": job.learner}


def test_a_grading_that_kills_its_worker_process_fails_alone() -> None:
    jobs = [Job(name, "exercise-01", "x.py", "/nowhere") for name in ("alice", "mallory", "bob", "carol")]
    done = {job.learner: outcome for job, outcome in pool.run(jobs, 2, grade=_kills_its_worker)}
    assert isinstance(done.pop("mallory"), BrokenProcessPool)
    assert done == {name: {"learner": name} for name in ("alice", "bob", "carol")}
