"""`grade ci`: grades a submission repository in CI and says whether it clears the bar.

Every exercise of the catalogue (`--root`: the instructor's full tests, never the learner's copy) whose file the
repository holds is graded through the runner, as `grade batch` would grade one learner. The results go to JUnit
XML, Gradescope JSON and a Markdown summary (appended to `$GITHUB_STEP_SUMMARY` when set), and the exit code
is 1 when the total is below `--min-score` percent.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from grader import catalog
from grader.batch import pool
from grader.batch import submissions
from grader.batch.jobs import Job
from grader.errors import UsageError
from grader.reporters import gradescope
from grader.reporters import junit
from grader.reporters import markdown
from grader.reporters import views
from grader.reporters.json import dumps
from grader.results import GradingResult

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


@dataclass(frozen=True)
class Options:
    submissions: Path
    root: Path
    exercises: Sequence[str] = ()
    min_score: float = 100.0
    seed: int = 0
    workers: int = 1
    isolation: str | None = None
    junit: Path | None = None
    gradescope: Path | None = None
    summary: Path | None = None


@dataclass(frozen=True)
class Outcome:
    results: tuple[GradingResult, ...]
    failed: tuple[str, ...]  # gradings the grader itself could not finish
    percent: float
    passed: bool
    summary: str


def run(options: Options) -> Outcome:
    everything = catalog.load_catalog(options.root)
    chosen = [catalog.resolve(everything, name) for name in options.exercises] if options.exercises else everything
    if not options.submissions.is_dir():
        raise UsageError(f"submission repository not found: {options.submissions}")
    present = submissions.in_folder(options.submissions, chosen)
    if not present:
        raise UsageError(f"no exercise files under {options.submissions} (expected exercises/NN_slug/<file>)")
    jobs = [
        Job("ci", exercise.id, str(path), str(options.root), options.seed, options.isolation)
        for exercise, path in present
    ]
    order = {exercise.id: i for i, (exercise, _) in enumerate(present)}
    results: list[GradingResult] = []
    failed: list[str] = []
    for job, outcome in pool.run(jobs, options.workers):
        if isinstance(outcome, BaseException):
            failed.append(f"{job.exercise}: {type(outcome).__name__}: {outcome}")
        else:
            results.append(GradingResult.from_dict(outcome))
    results.sort(key=lambda r: order[r.exercise])
    percent = views.percent(sum(r.score for r in results), sum(r.max_score for r in results))
    passed = not failed and percent >= options.min_score
    text = markdown.summary(results, min_score=options.min_score)
    if failed:
        text += "\nNot graded (a grader failure, not yours):\n" + "".join(f"- {line}\n" for line in failed)
    if options.junit:
        options.junit.write_text(junit.render(results), encoding="utf-8")
    if options.gradescope:
        options.gradescope.write_text(dumps(gradescope.combine(results)), encoding="utf-8")
    targets = [options.summary] if options.summary else []
    if os.environ.get(SUMMARY_ENV):
        targets.append(Path(os.environ[SUMMARY_ENV]))
    for target in targets:
        with target.open("a", encoding="utf-8") as handle:
            handle.write(text)
    return Outcome(tuple(results), tuple(failed), percent, passed, text)
