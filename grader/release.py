"""`grade release`: the learner handout, built from an allowlist so hidden material cannot slip in.

The handout holds, per exercise, `exercise.toml`, the stub, the instructions and hints (every language) and
the visible tests, under `exercises/NN_slug/` as in the catalogue; plus a pyproject.toml and requirements.txt
that depend on the grader, a README and a GitHub Actions workflow that grades the learner's repository with the
instructor's hidden tests fetched from a private repository, and a dev container. The grader itself is shipped
as a wheel built from this checkout, its dependencies pinned to `constraints.txt`, and the workflow uses the
Python minor version that runs `grade release`. Hidden tests, solutions and wrong variants are never copied,
and `leaks` checks the result byte for byte against them before the handout is reported done.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from grader import pinning
from grader import release_files as texts
from grader.catalog import Exercise
from grader.errors import UsageError

DOC_PATTERNS = ("instructions*.md", "hints*.md")
SKIPPED = ("__pycache__", ".pytest_cache")
WORKFLOW = ".github/workflows/grade.yml"
TESTS_CHECKOUT = ".grader-tests"
WHEELS = "wheels"
DEBIAN_PYTHON = "3.11"  # bookworm's python3


def _python() -> str:
    """The Python minor version of this grading (the handout's workflow and dev container use the same)."""
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def _pyproject(python: str) -> str:
    # No dependency on the grader by name: it is on no index, and a name anyone can register must never be
    # what `pip install .` fetches. requirements.txt installs the shipped wheel.
    return (
        "# Install with `pip install -r requirements.txt`: the grader is the wheel in wheels/, on no index.\n"
        "[project]\n"
        'name = "concurrency-katas"\n'
        'version = "0.0.0"\n'
        f'requires-python = "=={python}.*"\n'
        "dependencies = []\n"
    )


def _requirements(grader: str, pins: Sequence[str]) -> str:
    lines = [
        "# The grader (the wheel in wheels/: it is on no package index) and its dependencies, pinned to the",
        "# versions it is graded with. Install from this folder: pip install -r requirements.txt",
        grader,
        *pins,
    ]
    return "\n".join(lines) + "\n"


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
    pins = pinning.runtime_pins(pinning.read_constraints(pinning.constraints_file()))
    written: list[Path] = []
    for exercise in exercises:
        _exercise(exercise, out, written)
    if requirement is None:
        try:
            wheel = pinning.build_wheel(out / WHEELS)
        except BaseException:
            shutil.rmtree(out, ignore_errors=True)
            raise
        written.append(wheel)
        requirement = f"./{WHEELS}/{wheel.name}"
    python = _python()
    fields = {"python": python, "tests": TESTS_CHECKOUT, "min_score": f"{min_score:g}"}
    debian = python == DEBIAN_PYTHON
    files = {
        "README.md": texts.README % fields,
        "pyproject.toml": _pyproject(python),
        "requirements.txt": _requirements(requirement, pins),
        ".python-version": python + "\n",
        ".gitignore": texts.GITIGNORE,
        WORKFLOW: texts.WORKFLOW % fields,
        ".devcontainer/devcontainer.json": texts.DEVCONTAINER,
        ".devcontainer/Dockerfile": (texts.DOCKERFILE_DEBIAN if debian else texts.DOCKERFILE_PYTHON) % fields,
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
