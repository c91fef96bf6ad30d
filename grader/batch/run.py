"""`grade batch`: finds a class's submissions, grades what the gradebook lacks, and writes the class's outputs.

Results reach the gradebook one by one, in this thread, as the backend yields them; a grading the grader
itself failed on (not the learner: their crashes, hangs and floods are results) is reported and left out of the
gradebook, so the next run retries it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from rich.console import Console

from grader import catalog
from grader import timing
from grader.batch import outputs
from grader.batch import pool
from grader.batch import submissions
from grader.batch.gradebook import Gradebook
from grader.batch.gradebook import Key
from grader.batch.gradebook import key_for
from grader.batch.gradebook import tests_hash
from grader.batch.jobs import Job
from grader.batch.progress import Bar
from grader.errors import UsageError
from grader.reporters.html import Missing
from grader.results import GradingResult

UNPACKED = "submissions"


@dataclass(frozen=True)
class Options:
    submissions: Path
    out: Path
    root: Path
    exercises: Sequence[str] = ()
    workers: int = 1
    dask: str | None = None
    retries: int = 2
    roster: Path | None = None
    seed: int = 0
    isolation: str | None = None
    gradescope: bool = False
    exercism: bool = False


@dataclass
class Summary:
    learners: int = 0
    found: int = 0
    skipped: int = 0
    graded: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (learner/exercise, why)
    stored: int = 0
    mean_percent: float = 0.0
    seconds: float = 0.0
    index: Path | None = None

    def line(self) -> str:
        rate = f", {self.graded / self.seconds * 60:.1f} gradings/min" if self.graded and self.seconds else ""
        return (
            f"{self.learners} learners, {self.found} submissions: graded {self.graded}, skipped {self.skipped} "
            f"unchanged, {len(self.failed)} failed; {self.stored} in the gradebook, class mean "
            f"{self.mean_percent:.0f}%; {self.seconds:.1f} s{rate}" + (f" -> {self.index}" if self.index else "")
        )


def _class_folder(options: Options, exercises: Sequence[catalog.Exercise]) -> Path:
    source = options.submissions
    if source.is_file():
        source = submissions.unpack(source, options.out / UNPACKED)
    elif not source.is_dir():
        raise UsageError(f"submissions not found: {source} (a folder of learner folders, or a zip of them)")
    return submissions.class_folder(source.resolve(), exercises)


def plan(options: Options) -> tuple[list[tuple[submissions.Submission, Key]], list[catalog.Exercise]]:
    """Every submission found, with the key its grading would have."""
    everything = catalog.load_catalog(options.root)
    exercises = (
        [catalog.resolve(everything, name) for name in options.exercises] if options.exercises else list(everything)
    )
    folder = _class_folder(options, exercises)
    roster = submissions.read_roster(options.roster) if options.roster else None
    found = submissions.find(folder, exercises, roster)
    hashes = {exercise.id: tests_hash(exercise) for exercise in exercises}
    keyed = [(s, key_for(s.content_hash(), hashes[s.exercise.id], options.seed)) for s in found]
    return keyed, exercises


def _outcomes(options: Options, jobs: Sequence[Job]) -> Iterator[tuple[Job, dict[str, Any] | BaseException]]:
    if options.dask:
        from grader.batch import dask

        return dask.run(jobs, options.dask, retries=options.retries)
    return pool.run(jobs, options.workers)


def run(options: Options, console: Console) -> Summary:
    started = timing.monotonic()
    keyed, exercises = plan(options)
    summary = Summary(learners=len({s.learner.folder for s, _ in keyed}), found=len(keyed))
    run_id = uuid.uuid4().hex
    with Gradebook(options.out) as book:
        stored = book.keys()
        todo = [(s, key) for s, key in keyed if stored.get((s.learner.folder, s.exercise.id)) != key]
        summary.skipped = len(keyed) - len(todo)
        if summary.skipped:
            console.print(f"Skipping {summary.skipped} gradings already in the gradebook and unchanged.")
        pending = {(s.learner.folder, s.exercise.id): (s, key) for s, key in todo}
        jobs = [
            Job(s.learner.folder, s.exercise.id, str(s.path), str(options.root), options.seed, options.isolation)
            for s, _ in todo
        ]
        with Bar(len(jobs), console, disable=not jobs) as bar:
            for job, outcome in _outcomes(options, jobs):
                submission, key = pending[(job.learner, job.exercise)]
                if isinstance(outcome, BaseException):
                    summary.failed.append((job.label, f"{type(outcome).__name__}: {outcome}"))
                    bar.advance(failed=True)
                    continue
                result = GradingResult.from_dict(outcome)
                book.put(job.learner, submission.learner.name, submission.learner.id, key, result, run_id)
                summary.graded += 1
                bar.advance()
        rows = list(book.rows())
    written = outputs.write(
        rows,
        options.out,
        gradescope_json=options.gradescope,
        exercism_json=options.exercism,
        folders={exercise.id: exercise.folder for exercise in exercises},
        # Named exercises are the class's work, handed in or not; by default, what someone handed in.
        expected=[Missing(e.id, e.title, e.points) for e in exercises] if options.exercises else [],
    )
    summary.stored = len(rows)
    total = sum(row.result.max_score for row in rows)
    summary.mean_percent = 100 * sum(row.result.score for row in rows) / total if total else 0.0
    summary.index = written.index
    summary.seconds = timing.monotonic() - started
    return summary
