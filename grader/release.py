"""`grade release`: the learner handout, built from an allowlist so hidden material cannot slip in.

The handout holds, per exercise, `exercise.toml`, the stub, the instructions and hints (every language) and
the visible tests, under `exercises/NN_slug/` as in the catalogue; plus a pyproject.toml and requirements.txt
that depend on the grader, a README and a GitHub Actions workflow that grades the learner's repository with the
instructor's hidden tests fetched from a private repository. Hidden tests, solutions and wrong variants are
never copied, and `leaks` checks the result byte for byte against them before the handout is reported done.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from grader import __version__
from grader.catalog import Exercise
from grader.errors import UsageError

PACKAGE = "concurrency-kata-grader"
DOC_PATTERNS = ("instructions*.md", "hints*.md")
SKIPPED = ("__pycache__", ".pytest_cache")
WORKFLOW = ".github/workflows/grade.yml"
TESTS_CHECKOUT = ".grader-tests"

WORKFLOW_TEXT = """\
# Grades this repository on every push with the instructor's full test suite, hidden tests included.
#
# The hidden tests are not in this repository: they are checked out from the instructor's private repository
# (the repository variable GRADER_TESTS_REPOSITORY, e.g. my-course/kata-grading) with a read-only token kept in
# the secret GRADER_TESTS_TOKEN (a fine-grained token with read access to that one repository). Learners can
# read neither. Note: whoever may edit this workflow can make it print what it checks out; for grades that
# count, keep the learner's repository from changing .github/ (branch protection, CODEOWNERS) or grade the
# repositories from the instructor's side with `grade batch`.
name: grade

on:
  push:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  grade:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - name: Check out the submission
        uses: actions/checkout@v4
        with:
          path: submission
      - name: Check out the instructor's tests (private)
        uses: actions/checkout@v4
        with:
          repository: ${{ vars.GRADER_TESTS_REPOSITORY }}
          token: ${{ secrets.GRADER_TESTS_TOKEN }}
          path: %(tests)s
          persist-credentials: false
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install the grader
        run: pip install -r submission/requirements.txt
      - name: Grade
        run: >-
          grade ci --submissions submission --root %(tests)s --min-score %(min_score)s
          --junit grade-junit.xml --gradescope results.json
      - name: Keep the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: grading
          path: |
            grade-junit.xml
            results.json
"""

README_TEXT = """\
# Concurrency katas

Each exercise is in `exercises/NN_slug/`: read `instructions.md` (`instructions.zh.md` in Chinese), edit the
file with the `# TODO:` marks, and look at `hints.md` when stuck. The tests in `tests/visible/` are a sample;
the grade also uses tests you do not see.

```sh
python3 -m venv .venv && .venv/bin/pip install -r requirements.txt
.venv/bin/grade list --root .
.venv/bin/grade 01 --root .        # grades exercises/01_*/ with the visible tests
```

Every push runs `.github/workflows/grade.yml`, which grades your work with the full tests and shows the
result in the run's summary.
"""


def _pyproject(requirement: str) -> str:
    return (
        "[project]\n"
        'name = "concurrency-katas"\n'
        'version = "0.0.0"\n'
        'requires-python = ">=3.11"\n'
        f"dependencies = [{json.dumps(requirement)}]\n"
    )


def _copy(source: Path, target: Path, written: list[Path]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    written.append(target)


def _exercise(exercise: Exercise, out: Path, written: list[Path]) -> None:
    folder = out / "exercises" / exercise.folder.name
    _copy(exercise.folder / "exercise.toml", folder / "exercise.toml", written)
    if not exercise.stub.is_file():
        raise UsageError(f"{exercise.id}: stub {exercise.stub} not found")
    _copy(exercise.stub, folder / exercise.submission, written)
    for pattern in DOC_PATTERNS:
        for doc in sorted(exercise.folder.glob(pattern)):
            _copy(doc, folder / doc.name, written)
    visible = exercise.folder / "tests" / "visible"
    for path in sorted(visible.rglob("*")) if visible.is_dir() else ():
        if path.is_file() and not set(path.relative_to(visible).parts) & set(SKIPPED):
            _copy(path, folder / "tests" / "visible" / path.relative_to(visible), written)


def withheld(exercises: Sequence[Exercise]) -> list[Path]:
    """Every file the handout must not contain: hidden tests and all solutions (reference, alt, wrong)."""
    files: list[Path] = []
    for exercise in exercises:
        for folder in (exercise.folder / "tests" / "hidden", exercise.solutions):
            files += [p for p in sorted(folder.rglob("*")) if p.is_file()] if folder.is_dir() else []
    return files


def leaks(out: Path, exercises: Sequence[Exercise]) -> list[str]:
    """Handout files that are, byte for byte, withheld material (unless the same bytes are public, e.g. a stub)."""
    public = {p.read_bytes() for e in exercises for p in [e.stub, *_visible_files(e)] if p.is_file()}
    secret = {p.read_bytes(): p for p in withheld(exercises)}
    found = []
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if "/hidden/" in f"/{relative}/" or relative.startswith("solutions"):
            found.append(f"{relative}: a withheld folder")
        elif path.is_file() and (data := path.read_bytes()) in secret and data not in public:
            found.append(f"{relative}: same bytes as {secret[data]}")
    return found


def _visible_files(exercise: Exercise) -> list[Path]:
    visible = exercise.folder / "tests" / "visible"
    return [p for p in visible.rglob("*") if p.is_file()] if visible.is_dir() else []


def release(
    exercises: Sequence[Exercise], out: Path, *, requirement: str | None = None, min_score: float = 100.0
) -> list[Path]:
    """Write the handout for `exercises` into `out` (which must be empty or absent); return the files written."""
    if out.exists() and any(out.iterdir()):
        raise UsageError(f"{out} is not empty; the handout needs a folder of its own")
    written: list[Path] = []
    for exercise in exercises:
        _exercise(exercise, out, written)
    files = {
        "README.md": README_TEXT,
        "pyproject.toml": _pyproject(requirement or f"{PACKAGE}>={__version__}"),
        "requirements.txt": (requirement or f"{PACKAGE}>={__version__}") + "\n",
        ".gitignore": ".venv/\n__pycache__/\n*.pyc\n",
        WORKFLOW: WORKFLOW_TEXT % {"tests": TESTS_CHECKOUT, "min_score": f"{min_score:g}"},
    }
    for name, text in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    problems = leaks(out, exercises)
    if problems:
        shutil.rmtree(out)
        raise RuntimeError("the handout would leak withheld material: " + "; ".join(problems))
    return written
