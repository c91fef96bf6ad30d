"""The learner's progress (done, started, not started), kept in their workspace, not in the grader.

It lives in `<root>/.grade/progress.json`, beside `exercises/`, so it travels with the learner's work and a
fresh checkout starts from zero. Every change is a read-modify-write under an exclusive `flock` on
`.grade/progress.lock`, and the file is replaced atomically (temporary file, fsync, `os.replace`): a
`grade watch` and a `grade` in another terminal never lose each other's updates, and a crash never leaves
half a file. "Done" is sticky, as in rustlings: breaking a finished exercise later does not send `grade next`
back to it.
"""

from __future__ import annotations

import contextlib
import enum
import fcntl
import json
import os
import tempfile
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from pathlib import Path
from typing import Any

from grader import timing
from grader.catalog import Exercise
from grader.results import GradingResult

STATE_DIR = ".grade"
PROGRESS_FILE = "progress.json"
LOCK_FILE = "progress.lock"
VERSION = 1


class Status(enum.Enum):
    """Where the learner stands on one exercise."""

    DONE = "done"
    STARTED = "started"
    NOT_STARTED = "not started"


@dataclass(frozen=True)
class Entry:
    """One exercise's progress; `kinds` are the last grading's failure kinds, the costliest first."""

    status: Status = Status.NOT_STARTED
    score: float | None = None
    max_score: float | None = None
    kinds: tuple[str, ...] = ()
    hints_shown: tuple[int, ...] = ()
    gradings: int = 0
    updated: float = 0.0

    @property
    def last_kind(self) -> str | None:
        return self.kinds[0] if self.kinds else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "score": self.score,
            "max_score": self.max_score,
            "kinds": list(self.kinds),
            "hints_shown": list(self.hints_shown),
            "gradings": self.gradings,
            "updated": self.updated,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entry:
        score = data.get("score")
        max_score = data.get("max_score")
        return cls(
            status=Status(data.get("status", Status.NOT_STARTED.value)),
            score=None if score is None else float(score),
            max_score=None if max_score is None else float(max_score),
            kinds=tuple(str(kind) for kind in data.get("kinds", ())),
            hints_shown=tuple(int(number) for number in data.get("hints_shown", ())),
            gradings=int(data.get("gradings", 0)),
            updated=float(data.get("updated", 0.0)),
        )


@dataclass(frozen=True)
class Progress:
    """Every exercise's entry, by exercise id; exercises never touched have none."""

    entries: Mapping[str, Entry] = field(default_factory=dict)

    def get(self, exercise_id: str) -> Entry:
        return self.entries.get(exercise_id, Entry())

    def status(self, exercise_id: str) -> Status:
        return self.get(exercise_id).status


def state_dir(root: Path) -> Path:
    """The learner's state folder, `<root>/.grade`."""
    return root / STATE_DIR


def _parse(text: str) -> dict[str, Entry]:
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("exercises"), dict):
        raise ValueError("not a progress file of this grader")
    return {str(key): Entry.from_dict(value) for key, value in data["exercises"].items()}


def _read(path: Path, *, set_aside: bool) -> dict[str, Entry]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        return _parse(text)
    except (ValueError, TypeError, AttributeError):
        if set_aside:  # keep the unreadable file for a human instead of overwriting it
            with contextlib.suppress(OSError):
                os.replace(path, path.with_name(path.name + ".bad"))
        return {}


def load(root: Path) -> Progress:
    """The saved progress; empty when there is none or it cannot be read (it is replaced atomically)."""
    return Progress(_read(state_dir(root) / PROGRESS_FILE, set_aside=False))


def _write(path: Path, entries: Mapping[str, Entry]) -> None:
    payload = {"version": VERSION, "exercises": {key: entry.to_dict() for key, entry in sorted(entries.items())}}
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            json.dump(payload, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[dict[str, Entry]]:
    """The entries to change in place; written back atomically when the block ends without an exception."""
    folder = state_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_FILE, "a", encoding="utf-8") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            entries = _read(folder / PROGRESS_FILE, set_aside=True)
            yield entries
            _write(folder / PROGRESS_FILE, entries)
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def update(root: Path, exercise_id: str, change: Callable[[Entry], Entry]) -> Entry:
    """Apply `change` to one exercise's entry and save it; returns the new entry."""
    with _locked(root) as entries:
        new = replace(change(entries.get(exercise_id, Entry())), updated=timing.wall())
        entries[exercise_id] = new
    return new


def failure_kinds(result: GradingResult) -> tuple[str, ...]:
    """The diagnosis kinds of the failing tests, the one that cost the most points first."""
    lost: dict[str, float] = {}
    for case in result.failures:
        if case.diagnosis is not None:
            kind = case.diagnosis.kind
            lost[kind] = lost.get(kind, 0.0) + max(case.max_score - case.score, 0.0)
    return tuple(sorted(lost, key=lambda kind: -lost[kind]))  # stable: equal losses keep their first order


def record(root: Path, result: GradingResult) -> Entry:
    """Remember one grading of the learner's working copy."""

    def change(entry: Entry) -> Entry:
        done = result.full_marks or entry.status is Status.DONE
        return replace(
            entry,
            status=Status.DONE if done else Status.STARTED,
            score=result.score,
            max_score=result.max_score,
            kinds=failure_kinds(result),
            gradings=entry.gradings + 1,
        )

    return update(root, result.exercise, change)


def note_hint(root: Path, exercise_id: str, number: int) -> Entry:
    """Remember that hint `number` was shown; reading a hint starts an exercise."""

    def change(entry: Entry) -> Entry:
        shown = entry.hints_shown if number in entry.hints_shown else (*entry.hints_shown, number)
        status = Status.STARTED if entry.status is Status.NOT_STARTED else entry.status
        return replace(entry, hints_shown=shown, status=status)

    return update(root, exercise_id, change)


def forget(root: Path, exercise_id: str) -> None:
    """Drop one exercise's entry (after a reset it is not started again)."""
    with _locked(root) as entries:
        entries.pop(exercise_id, None)


def first_unfinished(exercises: Sequence[Exercise], progress: Progress) -> Exercise | None:
    """The first exercise in catalogue order that is not done, started ones included."""
    return next((exercise for exercise in exercises if progress.status(exercise.id) is not Status.DONE), None)
