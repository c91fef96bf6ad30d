"""One grading as plain data, and the function that runs it wherever a backend puts it.

`grade_job` is what a local pool thread or a Dask worker calls: it loads the catalogue, writes the submission
out if its bytes travelled with the job, and grades through `grader.runner.grade`, so learner code only ever
runs in the runner's sandboxed child. It depends on nothing else in `grader.batch`, so workers import little.
"""

from __future__ import annotations

import dataclasses
import functools
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader import catalog
from grader import runner


@dataclass(frozen=True)
class Job:
    """One learner's file for one exercise, to grade against the catalogue at `root`."""

    learner: str
    exercise: str
    path: str
    root: str
    seed: int = 0
    isolation: str | None = None
    content: bytes | None = None  # the file's bytes, for workers that cannot read `path`

    @property
    def label(self) -> str:
        return f"{self.learner}/{self.exercise}"


@functools.lru_cache(maxsize=8)
def _catalog(root: str) -> tuple[catalog.Exercise, ...]:
    return catalog.load_catalog(Path(root))


def grade_job(job: Job) -> dict[str, Any]:
    """Grade `job` and return the result as plain data (`GradingResult.to_dict`), naming the original file."""
    exercise = catalog.resolve(_catalog(job.root), job.exercise)
    if job.content is None:
        result = runner.grade(exercise, Path(job.path), seed=job.seed, isolation_mode=job.isolation)
    else:
        with tempfile.TemporaryDirectory(prefix="grader-job-") as folder:
            copy = Path(folder) / exercise.submission
            copy.write_bytes(job.content)
            result = runner.grade(exercise, copy, seed=job.seed, isolation_mode=job.isolation)
    return dataclasses.replace(result, submission=job.path).to_dict()
