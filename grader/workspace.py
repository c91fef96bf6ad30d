"""The throwaway workspace one grading runs in: a copy of the submission and the exercise's tests.

Layout: `submission/<file>` (first on the child's `sys.path`), `tests/visible`, `tests/hidden`, `home/` (the
child's HOME and TMPDIR). The child may scribble over all of it; it is removed afterwards, without following
symlinks the child may have planted.
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
def build(exercise: Exercise, submission: Path) -> Iterator[Workspace]:
    """Create a workspace for grading `submission` against `exercise`, and remove it afterwards."""
    root = Path(tempfile.mkdtemp(prefix=f"grader-{exercise.id}-"))
    try:
        workspace = Workspace(root)
        workspace.submission_dir.mkdir()
        workspace.home.mkdir()
        shutil.copyfile(submission, workspace.submission_dir / exercise.submission)
        workspace.tests_dir.mkdir()
        for group in TEST_GROUPS:
            source = exercise.folder / "tests" / group
            if source.is_dir():
                shutil.copytree(source, workspace.tests_dir / group, ignore=IGNORED, symlinks=False)
        yield workspace
    finally:
        remove(root)


def remove(root: Path) -> None:
    """Delete a workspace, even if the child made parts of it read-only; symlinks are removed, never followed."""
    for dirpath, _dirnames, _filenames in os.walk(root, followlinks=False):
        with contextlib.suppress(OSError):
            os.chmod(dirpath, 0o700)
    shutil.rmtree(root, ignore_errors=True)
