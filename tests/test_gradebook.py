from __future__ import annotations

import sqlite3
from pathlib import Path

from grader import __version__
from grader import catalog
from grader.batch import gradebook
from grader.batch.gradebook import Gradebook
from grader.results import CaseResult
from grader.results import Diagnosis
from grader.results import GradingResult
from grader.results import Outcome


def _result(exercise: str = "exercise-01", score: float = 5.0) -> GradingResult:
    failing = CaseResult(
        "t::b", Outcome.FAIL, 1.0, diagnosis=Diagnosis("lost_update", "lost"), score=0.0, max_score=5.0
    )
    passing = CaseResult("t::a", Outcome.PASS, 1.0, score=score, max_score=5.0)
    return GradingResult(exercise, "adder", "Adder", "/x/adder.py", 0, score, 10.0, (passing, failing))


def test_put_keys_rows_round_trip_in_wal_mode(tmp_path: Path) -> None:
    key = gradebook.key_for("sub", "tests", 0)
    assert key.grader_version == __version__
    with Gradebook(tmp_path) as book:
        book.put("alice", "Alice A.", "42", key, _result(), "run-1")
        assert book.keys() == {("alice", "exercise-01"): key}
        [row] = book.rows()
    assert (row.learner, row.name, row.learner_id, row.run_id) == ("alice", "Alice A.", "42", "run-1")
    assert row.result == _result()
    with sqlite3.connect(tmp_path / gradebook.FILE_NAME) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT kinds, full_marks FROM gradings").fetchone() == ("lost_update", 0)


def test_a_later_grading_replaces_the_earlier_one(tmp_path: Path) -> None:
    with Gradebook(tmp_path) as book:
        book.put("alice", "alice", "", gradebook.key_for("a", "t", 0), _result(score=1), "run-1")
        book.put("alice", "alice", "", gradebook.key_for("b", "t", 0), _result(score=5), "run-2")
        book.put("bob", "bob", "", gradebook.key_for("a", "t", 0), _result(), "run-2")
        assert book.count() == 2
        rows = {row.learner: row for row in book.rows()}
    assert rows["alice"].result.score == 5 and rows["alice"].key.submission_hash == "b"


def test_each_put_is_visible_to_another_connection_at_once(tmp_path: Path) -> None:
    with Gradebook(tmp_path) as book:
        book.put("alice", "alice", "", gradebook.key_for("a", "t", 0), _result(), "run-1")
        with Gradebook(tmp_path) as reader:
            assert reader.count() == 1


def test_tests_hash_follows_the_tests_and_the_toml(tmp_path: Path, fixture_root: Path) -> None:
    import shutil

    root = tmp_path / "root"
    shutil.copytree(fixture_root, root)
    exercise = catalog.load_catalog(root)[0]
    before = gradebook.tests_hash(exercise)
    assert gradebook.tests_hash(exercise) == before
    (exercise.folder / "tests" / "hidden" / "__pycache__").mkdir(exist_ok=True)
    (exercise.folder / "tests" / "hidden" / "__pycache__" / "x.pyc").write_bytes(b"noise")
    assert gradebook.tests_hash(exercise) == before
    hidden = exercise.folder / "tests" / "hidden" / "test_adder_hidden.py"
    hidden.write_text(hidden.read_text() + "\n# changed\n")
    assert gradebook.tests_hash(exercise) != before
