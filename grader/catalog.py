"""The catalogue: reads `exercises/*/exercise.toml` into frozen dataclasses and resolves exercise names.

`exercise.toml` is the one place an exercise's facts live (docs/contracts.md section 1). The exercises root is
`--root`, else `$GRADER_ROOT`, else the checkout this package was imported from, else the current directory.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.errors import UsageError
from grader.results import DIAGNOSIS_KINDS
from grader.scoring import CAP

ROOT_ENV = "GRADER_ROOT"
FOLDER_RE = re.compile(r"^(?P<number>\d+)_(?P<name>[A-Za-z0-9_]+)$")


class UnknownExercise(UsageError):
    """No exercise in the catalogue answers to the given name."""


class BadExercise(Exception):
    """An `exercise.toml` is missing or malformed: a fault of the exercise, not of the learner."""


@dataclass(frozen=True)
class Limits:
    """Time limits of one grading."""

    test_timeout: float = 20.0
    wall_timeout: float = 120.0


@dataclass(frozen=True)
class Scoring:
    """How a grading's total is capped (docs/contracts.md, "Scoring")."""

    cap: float = CAP  # the share of the points a grading with a concurrency bug can earn at most
    property_tests: tuple[str, ...] = ()  # test functions whose failure is the exercise's concurrency property


@dataclass(frozen=True)
class Exercise:
    """One exercise as `exercise.toml` describes it, plus where it lives."""

    id: str
    number: int
    slug: str
    title: str
    topic: str
    concepts: tuple[str, ...]
    points: float
    submission: str
    seeds: tuple[str, ...]
    limits: Limits
    folder: Path
    solutions: Path
    scoring: Scoring = Scoring()
    # `[hints]`: diagnosis kind -> the numbers of the hints (hints.md and its translations) that answer it.
    hints: tuple[tuple[str, tuple[int, ...]], ...] = ()

    @property
    def stub(self) -> Path:
        """The learner's working copy of the submission file."""
        return self.folder / self.submission

    def hints_for(self, kind: str) -> tuple[int, ...]:
        """The hints that answer a failure of `kind`, in file order; () when the exercise names none."""
        return next((numbers for tagged, numbers in self.hints if tagged == kind), ())

    @property
    def module(self) -> str:
        """The module name tests import the submission by."""
        return Path(self.submission).stem

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "slug": self.slug,
            "title": self.title,
            "topic": self.topic,
            "concepts": list(self.concepts),
            "max_score": self.points,
            "submission": self.submission,
            "folder": self.folder.name,
        }


def find_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding `exercises/` and `solutions/`."""
    if explicit:
        return Path(explicit).resolve()
    from_env = os.environ.get(ROOT_ENV)
    if from_env:
        return Path(from_env).resolve()
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "exercises").is_dir():
        return checkout
    return Path.cwd()


def _load(toml_path: Path, root: Path) -> Exercise:
    folder = toml_path.parent
    match = FOLDER_RE.match(folder.name)
    if match is None:
        raise BadExercise(f"{folder.name}: exercise folders are named NN_slug")
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise BadExercise(f"{folder.name}/exercise.toml: {exc}") from exc
    try:
        if data.get("format", 1) != 1:
            raise BadExercise(f"{folder.name}/exercise.toml: unsupported format {data.get('format')!r}")
        limits = data.get("limits", {})
        scoring = data.get("scoring", {})
        cap = float(scoring.get("cap", Scoring.cap))
        if not 0 <= cap <= 1:
            raise ValueError(f"scoring.cap must be between 0 and 1, not {cap}")
        return Exercise(
            id=str(data["id"]),
            number=int(match["number"]),
            slug=str(data["slug"]),
            title=str(data["title"]),
            topic=str(data.get("topic", "")),
            concepts=tuple(str(c) for c in data.get("concepts", ())),
            points=float(data["points"]),
            submission=str(data["submission"]),
            seeds=tuple(str(s) for s in data.get("seeds", ())),
            limits=Limits(
                test_timeout=float(limits.get("test_timeout", Limits.test_timeout)),
                wall_timeout=float(limits.get("wall_timeout", Limits.wall_timeout)),
            ),
            folder=folder,
            solutions=root / "solutions" / folder.name,
            hints=_hints(data.get("hints", {})),
            scoring=Scoring(cap=cap, property_tests=tuple(str(name) for name in scoring.get("property", ()))),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BadExercise(f"{folder.name}/exercise.toml: missing or bad field {exc}") from exc


def _hints(table: Any) -> tuple[tuple[str, tuple[int, ...]], ...]:
    if not isinstance(table, dict):
        raise ValueError("hints must be a table of kind = [hint numbers]")
    for kind, numbers in table.items():
        if kind not in DIAGNOSIS_KINDS:
            raise ValueError(f"hints.{kind} is not a diagnosis kind")
        if not isinstance(numbers, list) or not all(type(n) is int and n > 0 for n in numbers):
            raise ValueError(f"hints.{kind} must be a list of hint numbers")
    return tuple((str(kind), tuple(sorted(set(numbers)))) for kind, numbers in table.items())


def load_catalog(root: Path) -> tuple[Exercise, ...]:
    """Every exercise under `root/exercises`, in folder order."""
    exercises_dir = root / "exercises"
    if not exercises_dir.is_dir():
        raise UsageError(f"no exercises/ folder under {root} (use --root or set {ROOT_ENV})")
    tomls = sorted(exercises_dir.glob("*/exercise.toml"))
    return tuple(_load(path, root) for path in tomls)


def _number(text: str) -> int | None:
    text = text.lower().removeprefix("exercise-").removeprefix("exercise")
    return int(text) if text.isdigit() else None


def resolve(catalog: tuple[Exercise, ...], name: str) -> Exercise:
    """Find `exercise-04`, `04`, `4`, the slug or the folder name."""
    wanted = name.strip()
    number = _number(wanted)
    for exercise in catalog:
        if wanted in (exercise.id, exercise.slug, exercise.folder.name):
            return exercise
        if number is not None and number == exercise.number:
            return exercise
    known = ", ".join(exercise.id for exercise in catalog) or "none"
    raise UnknownExercise(f"unknown exercise {name!r} (known: {known})")
