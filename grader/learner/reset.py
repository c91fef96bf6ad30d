"""Putting an exercise's stub back, from a copy the learner never edits, keeping theirs as a backup.

Where the pristine stub comes from, first found wins:

1. `.grade/stubs/NN_slug/<file>`: a snapshot the grader takes of every exercise it has no progress for, the
   first time any learner command runs (`grade`, `list`, `next`, `watch`, `hint`, `show`), so before the
   learner has worked on it. A stub edited before the grader ever ran is snapshotted as edited: then 2.
2. git: the file as committed at `HEAD`, when the root is a git work tree and that version still has a
   `# TODO:` marker (a learner's committed solution usually has none, and is never taken for the stub).

`solutions/` is never used: it holds answers, not stubs. The learner's file is copied to
`.grade/backups/NN_slug/<file>.<timestamp>` before it is overwritten.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from grader import sandbox
from grader import timing
from grader.catalog import Exercise
from grader.learner import progress

STUBS = "stubs"
BACKUPS = "backups"
TODO = "# TODO:"
GIT_TIMEOUT = 10.0


class NoStub(Exception):
    """No pristine copy of the stub was found."""


@dataclass(frozen=True)
class Stub:
    """A pristine stub and where it came from, for the learner to see."""

    text: bytes
    source: str


def snapshot_path(root: Path, exercise: Exercise) -> Path:
    return progress.state_dir(root) / STUBS / exercise.folder.name / exercise.submission


def snapshot(root: Path, exercises: Sequence[Exercise]) -> None:
    """Keep a copy of every untouched exercise's stub that has none yet; best effort (a read-only root skips it)."""
    known = progress.load(root)
    for exercise in exercises:
        target = snapshot_path(root, exercise)
        if target.exists() or exercise.id in known.entries or not exercise.stub.is_file():
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".tmp")
            shutil.copyfile(exercise.stub, partial)
            partial.replace(target)
        except OSError:
            return


def _from_git(exercise: Exercise) -> bytes | None:
    folder = exercise.stub.parent
    try:
        top = sandbox.tool_output(["git", "rev-parse", "--show-toplevel"], cwd=folder, timeout=GIT_TIMEOUT)
        relative = exercise.stub.resolve().relative_to(Path(top.decode().strip()).resolve())
        shown = sandbox.tool_output(["git", "show", f"HEAD:{relative.as_posix()}"], cwd=folder, timeout=GIT_TIMEOUT)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    return shown if TODO.encode() in shown else None


def pristine(root: Path, exercise: Exercise) -> Stub:
    """The stub as handed out; `NoStub` when neither the snapshot nor git has it."""
    saved = snapshot_path(root, exercise)
    if saved.is_file():
        return Stub(saved.read_bytes(), str(saved))
    committed = _from_git(exercise)
    if committed is not None:
        return Stub(committed, "git HEAD")
    raise NoStub(
        f"no pristine copy of {exercise.submission}: neither {saved} nor a committed version with {TODO!r} exists"
    )


def backup_path(root: Path, exercise: Exercise) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(timing.wall()))
    folder = progress.state_dir(root) / BACKUPS / exercise.folder.name
    candidate = folder / f"{exercise.submission}.{stamp}"
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = folder / f"{exercise.submission}.{stamp}-{counter}"
    return candidate


def restore(root: Path, exercise: Exercise, stub: Stub) -> Path | None:
    """Back the learner's file up, write the stub and forget the exercise's progress; the backup's path."""
    backup = None
    if exercise.stub.is_file():
        backup = backup_path(root, exercise)
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(exercise.stub, backup)
    partial = exercise.stub.with_name(f".{exercise.stub.name}.reset.tmp")
    partial.write_bytes(stub.text)
    partial.replace(exercise.stub)
    progress.forget(root, exercise.id)
    return backup


def is_pristine(exercise: Exercise, stub: Stub) -> bool:
    try:
        return exercise.stub.read_bytes() == stub.text
    except OSError:
        return False
