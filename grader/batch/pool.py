"""The local backend: N gradings at once on this machine.

Threads are enough: each grading's work happens in the runner's sandboxed child process, and a thread only
waits for it. Nothing a learner's code does can take a thread down, so one submission never costs another's
result; results are yielded in the order they end.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import as_completed
from typing import Any

from grader.batch.jobs import Job
from grader.batch.jobs import grade_job

Done = tuple[Job, dict[str, Any] | BaseException]


def run(jobs: Sequence[Job], workers: int, grade: Callable[[Job], dict[str, Any]] = grade_job) -> Iterator[Done]:
    """Grade `jobs` with `workers` at a time; yield each job with its result dict, or the exception it raised."""
    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="grade")
    try:
        futures = {executor.submit(grade, job): job for job in jobs}
        for future in as_completed(futures):
            error = future.exception()
            yield futures[future], error if error is not None else future.result()
    finally:
        # On an interrupt, gradings not started are dropped; running ones end within their wall timeout.
        executor.shutdown(wait=False, cancel_futures=True)
