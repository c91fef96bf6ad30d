"""The throwaway workspace one grading runs in: a copy of the submission and the exercise's tests.

Layout: `submission/<file>` (first on the child's `sys.path`), `tests/visible`, `tests/hidden`, `home/` (the
child's HOME and TMPDIR). The tests are copied fresh for every grading and made read-only (bubblewrap also
binds them read-only; plain permissions do not stop root). The submission can be put in place after the
workspace exists, so that the expected tests are collected before any learner code is there. The child may
scribble over the rest; it is removed afterwards, without following symlinks the child may have planted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from grader.catalog import Exercise

TEST_GROUPS = ("visible", "hidden")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


@dataclass(frozen=True)
class Workspace:
    """Paths inside one workspace."""

    root: Path

    @property
    def submission_dir(self) -> Path:
        return self.root / "submission"

    @property
    def tests_dir(self) -> Path:
        return self.root / "tests"

    @property
    def home(self) -> Path:
        return self.root / "home"


@contextmanager
def build(exercise: Exercise, submission: Path | None) -> Iterator[Workspace]:
    """Create a workspace for grading `submission` (or, with `None`, none yet) against `exercise`, and remove
    it afterwards."""
    root = Path(tempfile.mkdtemp(prefix=f"grader-{exercise.id}-"))
    try:
        workspace = Workspace(root)
        workspace.submission_dir.mkdir()
        workspace.home.mkdir()
        if submission is not None:
            install_submission(workspace, exercise, submission)
        workspace.tests_dir.mkdir()
        for group in TEST_GROUPS:
            source = exercise.folder / "tests" / group
            if source.is_dir():
                shutil.copytree(source, workspace.tests_dir / group, ignore=IGNORED, symlinks=False)
        yield workspace
    finally:
        remove(root)


def install_submission(workspace: Workspace, exercise: Exercise, submission: Path) -> None:
    """Put (or replace) the file under test."""
    target = workspace.submission_dir / exercise.submission
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    shutil.copyfile(submission, target)


def groups(workspace: Workspace) -> list[str]:
    """The test groups present, as paths relative to the workspace (`tests/visible`, ...)."""
    return [f"tests/{group}" for group in TEST_GROUPS if (workspace.tests_dir / group).is_dir()]


def seal_tests(workspace: Workspace) -> None:
    """Make the copied tests read-only (files 0444, folders 0555)."""
    for dirpath, _dirnames, filenames in os.walk(workspace.tests_dir, followlinks=False):
        for name in filenames:
            with contextlib.suppress(OSError):
                os.chmod(os.path.join(dirpath, name), 0o444, follow_symlinks=False)
    for dirpath, _dirnames, _filenames in os.walk(workspace.tests_dir, topdown=False, followlinks=False):
        with contextlib.suppress(OSError):
            os.chmod(dirpath, 0o555)


def remove(root: Path) -> None:
    """Delete a workspace, even if the child made parts of it read-only; symlinks are removed, never followed."""
    for dirpath, _dirnames, _filenames in os.walk(root, followlinks=False):
        with contextlib.suppress(OSError):
            os.chmod(dirpath, 0o700)
    shutil.rmtree(root, ignore_errors=True)
