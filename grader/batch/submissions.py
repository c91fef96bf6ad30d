"""Finds the submissions of a class: one folder per learner (or a zip of them), plus an optional roster CSV.

Each learner folder is laid out like the handout `grade release` writes, so an exercise's file sits at
`exercises/NN_slug/<submission>` (or `NN_slug/<submission>`) in every folder; a learner may lack some exercises.
A zip, as LMSs export them, is unpacked once into the output folder, refusing members that would land outside it.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import zipfile
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from grader.catalog import Exercise
from grader.errors import UsageError

UNZIP_LIMIT = 512 << 20  # bytes a class zip may expand to
HIDDEN_PREFIXES = (".", "__")


@dataclass(frozen=True)
class Learner:
    """A learner: the folder their work is in, and the name and id the roster gives them."""

    folder: str
    name: str
    id: str = ""


@dataclass(frozen=True)
class Submission:
    """One learner's file for one exercise."""

    learner: Learner
    exercise: Exercise
    path: Path

    def content_hash(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def candidates(exercise: Exercise) -> tuple[str, ...]:
    """The relative paths an exercise's file may have inside a learner folder, most specific first."""
    folder = exercise.folder.name
    return (f"exercises/{folder}/{exercise.submission}", f"{folder}/{exercise.submission}")


def unpack(archive: Path, destination: Path) -> Path:
    """Unpack a class zip into `destination` (replacing what an earlier run unpacked) and return it."""
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    base = destination.resolve()
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = zipped.infolist()
            if sum(member.file_size for member in members) > UNZIP_LIMIT:
                raise UsageError(f"{archive}: expands to more than {UNZIP_LIMIT >> 20} MiB")
            for member in members:
                target = (base / member.filename).resolve()
                if target == base or not target.is_relative_to(base):
                    continue  # a member that would escape the folder ("../", absolute paths) is skipped
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zipped.open(member) as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink)
    except zipfile.BadZipFile as exc:
        raise UsageError(f"{archive}: not a zip file ({exc})") from exc
    return destination


def _visible(path: Path) -> bool:
    return not path.name.startswith(HIDDEN_PREFIXES)


def class_folder(root: Path, exercises: Sequence[Exercise]) -> Path:
    """The folder whose subfolders are learners: `root`, or its only subfolder when an export wraps them."""
    while True:
        entries = [entry for entry in root.iterdir() if _visible(entry)]
        if len(entries) != 1 or not entries[0].is_dir() or _holds_work(entries[0], exercises):
            return root
        inner = [entry for entry in entries[0].iterdir() if _visible(entry) and entry.is_dir()]
        if not any(_holds_work(entry, exercises) for entry in inner):
            return root
        root = entries[0]


def _holds_work(folder: Path, exercises: Sequence[Exercise]) -> bool:
    return any((folder / relative).is_file() for exercise in exercises for relative in candidates(exercise))


def read_roster(path: Path) -> dict[str, Learner]:
    """Folder -> learner, from a CSV with a `folder` column and optional `name` and `id` columns."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise UsageError(f"cannot read roster {path}: {exc}") from exc
    roster: dict[str, Learner] = {}
    for number, row in enumerate(rows, start=2):
        fields = {(key or "").strip().lower(): (value or "").strip() for key, value in row.items()}
        folder = fields.get("folder", "")
        if not folder:
            raise UsageError(f"{path}:{number}: the roster needs a 'folder' column naming each learner's folder")
        roster[folder] = Learner(folder, fields.get("name") or folder, fields.get("id", ""))
    return roster


def find(root: Path, exercises: Sequence[Exercise], roster: Mapping[str, Learner] | None = None) -> list[Submission]:
    """Every (learner, exercise) with a file, learners in folder order; roster entries name the learners."""
    if not root.is_dir():
        raise UsageError(f"submissions folder not found: {root}")
    found: list[Submission] = []
    folders = sorted((entry for entry in root.iterdir() if entry.is_dir() and _visible(entry)), key=lambda p: p.name)
    for folder in folders:
        learner = (roster or {}).get(folder.name) or Learner(folder.name, folder.name)
        found += [Submission(learner, exercise, path) for exercise, path in in_folder(folder, exercises)]
    return found


def in_folder(folder: Path, exercises: Sequence[Exercise]) -> list[tuple[Exercise, Path]]:
    """The exercises whose file one learner folder (or a submission repository) holds, with that file."""
    found = []
    for exercise in exercises:
        for relative in candidates(exercise):
            path = folder / relative
            # A link out of the learner's folder (to another learner's file, say) is not their work.
            if path.is_file() and path.resolve().is_relative_to(folder.resolve()):
                found.append((exercise, path))
                break
    return found
