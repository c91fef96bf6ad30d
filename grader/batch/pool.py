"""The local backend: N gradings at once on this machine, one worker process per grading slot.

Each worker process runs one grading at a time through the runner, whose sandboxed child does the work.
Processes rather than threads because the sandbox sweeps the grader process's orphaned children after each
grading (it is their subreaper): two gradings in one process could take each other's fresh child for an orphan.
If a worker process dies anyway, every grading that pool had not returned is run again on its own, in a fresh
single-process pool, so the one that kills its worker fails alone and never costs another's result. Results
are yielded in the order they end.

The workers are tied to this process (`grader.batch.lifeline`): killed with it, even by `kill -9`, they stop
their grading (its sandboxed child tree is killed) and end, and so does multiprocessing's resource tracker once
no worker holds its pipe. When the gradings are abandoned (Ctrl-C, or the caller stops iterating), the workers
are told to stop the same way instead of finishing gradings nobody will read.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from concurrent.futures import Future
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from grader.batch import lifeline
from grader.batch.jobs import Job
from grader.batch.jobs import grade_job

Done = tuple[Job, dict[str, Any] | BaseException]
Grade = Callable[[Job], dict[str, Any]]


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=lifeline.tie,
        initargs=(os.getpid(),),
    )


def _stop_workers(executor: ProcessPoolExecutor) -> None:
    """SIGTERM every worker of `executor`: each stops its grading (which cleans up after itself) and ends."""
    processes = getattr(executor, "_processes", None) or {}  # no public way before Python 3.14
    for process in list(processes.values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()


def run(jobs: Sequence[Job], workers: int, grade: Grade = grade_job) -> Iterator[Done]:
    """Grade `jobs` with `workers` at a time; yield each job with its result dict, or the exception it raised."""
    if not jobs:
        return
    broken: list[Job] = []
    executor = _pool(min(workers, len(jobs)))
    finished = False
    try:
        futures: dict[Future[dict[str, Any]], Job] = {executor.submit(lifeline.call, grade, job): job for job in jobs}
        for future in as_completed(futures):
            error = future.exception()
            if isinstance(error, BrokenProcessPool):
                broken.append(futures[future])
                continue
            yield futures[future], error if error is not None else future.result()
        finished = True
    finally:
        if not finished:  # an interrupt, or the caller stopped iterating: running gradings are stopped too
            _stop_workers(executor)
        executor.shutdown(wait=False, cancel_futures=True)
    for job in broken:
        yield job, _alone(job, grade)


def _alone(job: Job, grade: Grade) -> dict[str, Any] | BaseException:
    with _pool(1) as executor:
        try:
            return executor.submit(lifeline.call, grade, job).result()
        except Exception as exc:
            return exc
        except BaseException:
            _stop_workers(executor)
            raise
