"""The local backend: N gradings at once on this machine, one worker process per grading slot.

Each worker process runs one grading at a time through the runner, whose sandboxed child does the work.
Processes rather than threads because the sandbox sweeps the grader process's orphaned children after each
grading (it is their subreaper): two gradings in one process could take each other's fresh child for an orphan.
If a worker process dies anyway, every grading that pool had not returned is run again on its own, in a fresh
single-process pool, so the one that kills its worker fails alone and never costs another's result. Results
are yielded in the order they end.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from concurrent.futures import Future
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from grader.batch.jobs import Job
from grader.batch.jobs import grade_job

Done = tuple[Job, dict[str, Any] | BaseException]
Grade = Callable[[Job], dict[str, Any]]


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def run(jobs: Sequence[Job], workers: int, grade: Grade = grade_job) -> Iterator[Done]:
    """Grade `jobs` with `workers` at a time; yield each job with its result dict, or the exception it raised."""
    if not jobs:
        return
    broken: list[Job] = []
    executor = _pool(min(workers, len(jobs)))
    try:
        futures: dict[Future[dict[str, Any]], Job] = {executor.submit(grade, job): job for job in jobs}
        for future in as_completed(futures):
            error = future.exception()
            if isinstance(error, BrokenProcessPool):
                broken.append(futures[future])
                continue
            yield futures[future], error if error is not None else future.result()
    finally:
        # On an interrupt, gradings not started are dropped; running ones end within their wall timeout.
        executor.shutdown(wait=False, cancel_futures=True)
    for job in broken:
        yield job, _alone(job, grade)


def _alone(job: Job, grade: Grade) -> dict[str, Any] | BaseException:
    with _pool(1) as executor:
        try:
            return executor.submit(grade, job).result()
        except Exception as exc:
            return exc
