"""The gradebook: one SQLite database (WAL mode) that gets every grading the moment it ends.

A row is keyed by learner and exercise and remembers what it graded: the submission's content hash, the tests'
hash, the grader version and the seed. A batch skips a (learner, exercise) whose row has the same keys, so a
rerun after `kill -9` grades only what is missing and a rerun after a change only what changed. Each result
is committed on its own (synchronous=FULL), so a crash loses at most the gradings still running.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from grader import __version__
from grader.catalog import Exercise
from grader.results import GradingResult

FILE_NAME = "gradebook.sqlite"
SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS gradings (
    learner TEXT NOT NULL,
    exercise TEXT NOT NULL,
    submission_hash TEXT NOT NULL,
    tests_hash TEXT NOT NULL,
    grader_version TEXT NOT NULL,
    seed INTEGER NOT NULL,
    name TEXT NOT NULL,
    learner_id TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    full_marks INTEGER NOT NULL,
    kinds TEXT NOT NULL,
    result TEXT NOT NULL,
    run_id TEXT NOT NULL,
    graded_at REAL NOT NULL,
    PRIMARY KEY (learner, exercise)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
IGNORED_PARTS = ("__pycache__", ".pytest_cache")


@dataclass(frozen=True)
class Key:
    """What a grading depends on: if any of these changes, the grading is stale."""

    submission_hash: str
    tests_hash: str
    grader_version: str
    seed: int


@dataclass(frozen=True)
class Row:
    """One stored grading."""

    learner: str
    exercise: str
    name: str
    learner_id: str
    key: Key
    result: GradingResult
    run_id: str
    graded_at: float


def tests_hash(exercise: Exercise) -> str:
    """A hash of everything that decides a grading besides the submission: exercise.toml and every test file."""
    digest = hashlib.sha256()
    files = [exercise.folder / "exercise.toml"]
    tests = exercise.folder / "tests"
    if tests.is_dir():
        files += sorted(p for p in tests.rglob("*") if p.is_file() and not set(p.parts) & set(IGNORED_PARTS))
    for path in files:
        digest.update(str(path.relative_to(exercise.folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-")
    return digest.hexdigest()


def key_for(submission_hash: str, exercise_tests_hash: str, seed: int) -> Key:
    return Key(submission_hash, exercise_tests_hash, __version__, seed)


class Gradebook:
    """A connection to DIR/gradebook.sqlite; use from one thread (the batch's collector)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / FILE_NAME
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def keys(self) -> dict[tuple[str, str], Key]:
        """(learner, exercise) -> the key of its stored grading."""
        cursor = self._db.execute(
            "SELECT learner, exercise, submission_hash, tests_hash, grader_version, seed FROM gradings"
        )
        return {(r[0], r[1]): Key(r[2], r[3], r[4], int(r[5])) for r in cursor}

    def put(self, learner: str, name: str, learner_id: str, key: Key, result: GradingResult, run_id: str) -> None:
        """Store one grading, replacing an older one of the same learner and exercise; committed on return."""
        kinds = sorted({case.diagnosis.kind for case in result.failures if case.diagnosis})
        self._db.execute(
            "INSERT OR REPLACE INTO gradings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                learner,
                result.exercise,
                key.submission_hash,
                key.tests_hash,
                key.grader_version,
                key.seed,
                name,
                learner_id,
                result.score,
                result.max_score,
                int(result.full_marks),
                ",".join(kinds),
                json.dumps(result.to_dict(), ensure_ascii=False),
                run_id,
                time.time(),
            ),
        )

    def rows(self) -> Iterator[Row]:
        cursor = self._db.execute(
            "SELECT learner, exercise, name, learner_id, submission_hash, tests_hash, grader_version, seed, result,"
            " run_id, graded_at FROM gradings ORDER BY learner, exercise"
        )
        for r in cursor:
            yield Row(
                learner=r[0],
                exercise=r[1],
                name=r[2],
                learner_id=r[3],
                key=Key(r[4], r[5], r[6], int(r[7])),
                result=GradingResult.from_dict(json.loads(r[8])),
                run_id=r[9],
                graded_at=float(r[10]),
            )

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM gradings").fetchone()[0])
