"""Write the report files a command asked for (`--html`, `--junit`, `--gradescope`, `--exercism`, `--csv`).

Shared by `grade EXERCISE`, `grade replay` and `grade report`, so every command writes every format the same way.
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from grader import catalog
from grader.errors import UsageError
from grader.reporters import csv as csv_reporter
from grader.reporters import exercism
from grader.reporters import gradescope
from grader.reporters import html
from grader.reporters import junit
from grader.reporters.json import dumps
from grader.results import GradingResult

SOURCE_LIMIT = 1_000_000
FORMATS = ("html", "junit", "gradescope", "exercism", "csv")


@dataclass(frozen=True)
class Requested:
    """Where each format goes (None: not asked for)."""

    html: Path | None = None
    junit: Path | None = None
    gradescope: Path | None = None
    exercism: Path | None = None
    csv: Path | None = None

    def any(self) -> bool:
        return any(getattr(self, name) is not None for name in FORMATS)


def default_learner() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "learner"


def read_sources(results: Sequence[GradingResult]) -> dict[str, str]:
    """The submitted files that still exist, for the HTML page (learner text: read, never run)."""
    sources: dict[str, str] = {}
    for result in results:
        path = Path(result.submission) if result.submission else None
        if path is not None and path.is_file():
            with path.open("rb") as handle:
                sources[result.submission] = handle.read(SOURCE_LIMIT).decode("utf-8", "replace")
    return sources


def _single(results: Sequence[GradingResult], flag: str) -> GradingResult:
    if len(results) != 1:
        raise UsageError(f"--{flag} writes one grading; got {len(results)} results (pass one file)")
    return results[0]


def test_code(results: Sequence[GradingResult], folders: Mapping[str, Path] | None) -> dict[str, str]:
    """The visible tests' sources for Exercism's `test_code`, from each exercise's folder (`folders` maps
    exercise ids to folders; without it, the catalogue the grader finds by default, if any)."""
    if folders is None:
        try:
            folders = {exercise.id: exercise.folder for exercise in catalog.load_catalog(catalog.find_root(None))}
        except (UsageError, OSError, ValueError):
            folders = {}
    code: dict[str, str] = {}
    for result in results:
        if result.exercise in folders:
            code |= exercism.read_test_code(folders[result.exercise], [case.name for case in result.tests])
    return code


def write(
    results: Sequence[GradingResult],
    requested: Requested,
    *,
    learner: str | None = None,
    folders: Mapping[str, Path] | None = None,
) -> None:
    """Write one learner's results in every requested format (`folders`: see `test_code`)."""
    if requested.html:
        page = html.render_learner(results, sources=read_sources(results), learner=learner)
        html.write(page, requested.html)
    if requested.junit:
        requested.junit.write_text(junit.render(results), encoding="utf-8")
    if requested.gradescope:
        requested.gradescope.write_text(dumps(gradescope.to_dict(_single(results, "gradescope"))), encoding="utf-8")
    if requested.exercism:
        single = _single(results, "exercism")
        code = test_code([single], folders)
        requested.exercism.write_text(dumps(exercism.to_dict(single, code)), encoding="utf-8")
    if requested.csv:
        rows = {learner or default_learner(): list(results)}
        requested.csv.write_text(csv_reporter.render(rows), encoding="utf-8")


def write_class(
    gradings: Mapping[str, Sequence[GradingResult]],
    requested: Requested,
    *,
    expected: Sequence[html.Missing] = (),
) -> list[Path]:
    """Write a class: the class page with one page per learner beside it, the CSV, JUnit of everyone.

    Every learner's total is out of every exercise of the class (`expected`, and any graded for someone); the
    learner's page lists the ones not handed in. Returns the learner pages written.
    """
    if requested.gradescope or requested.exercism:
        raise UsageError("--gradescope and --exercism describe one grading; not available with --class")
    pages: list[Path] = []
    if requested.html:
        folder = requested.html.parent
        html.write(html.render_class(gradings, expected=expected), requested.html)
        every = html.class_exercises(gradings, expected)
        for learner, results in gradings.items():
            page = folder / html.learner_file_name(learner)
            text = html.render_learner(
                results,
                sources=read_sources(results),
                learner=learner,
                back=requested.html.name,
                absent=html.missing(results, every),
            )
            html.write(text, page)
            pages.append(page)
    if requested.junit:
        everyone = [result for results in gradings.values() for result in results]
        requested.junit.write_text(junit.render(everyone), encoding="utf-8")
    if requested.csv:
        requested.csv.write_text(csv_reporter.render(gradings), encoding="utf-8")
    return pages
