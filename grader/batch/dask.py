"""The Dask backend: gradings submitted to a `distributed` cluster, results back as they complete.

Each task is `grader.batch.jobs.grade_job` on a worker, so every grading is still contained by the runner's
sandbox there; the submission's bytes travel with the task, so workers need the catalogue (`--root`) but not
the class folder. Each task has its own key, `("grade", "learner/exercise", token)`, so two gradings of the
same bytes are two runs and the dashboard (or a test) can tell which grading a task is.

A task that raises is retried `retries` times. A task whose worker dies (killed, out of memory, its machine
gone) is rescheduled by the scheduler on another worker, up to `distributed.scheduler.allowed-failures` deaths
(default 3) before it errs with `KilledWorker`; a result that was still on the dead worker, not yet fetched, is
computed again. Either way each job is yielded once: `as_completed` hands out each future once, and a future
whose data was lost waits for the recomputation instead of being reported again.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from uuid import uuid4

from grader.batch.jobs import Job
from grader.batch.jobs import grade_job
from grader.errors import UsageError

Done = tuple[Job, dict[str, Any] | BaseException]
CONNECT_TIMEOUT = 30.0  # seconds


def run(
    jobs: Sequence[Job], address: str, *, retries: int = 2, connect_timeout: float = CONNECT_TIMEOUT
) -> Iterator[Done]:
    """Submit `jobs` to the scheduler at `address`; yield each job with its result dict or its exception."""
    try:
        from distributed import Client
        from distributed import as_completed
    except ImportError as exc:  # the `dask` extra is optional
        raise UsageError("--dask needs the distributed package: pip install 'concurrency-kata-grader[dask]'") from exc
    try:
        client = Client(address, timeout=connect_timeout)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        shipped = [_with_content(job) for job in jobs]
        futures = [client.submit(grade_job, job, key=task_key(job), retries=retries) for job in shipped]
        owners = {future.key: job for future, job in zip(futures, jobs, strict=True)}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            job = owners[future.key]
            try:
                yield job, future.result()
            except Exception as exc:  # the task's own error, or KilledWorker after repeated worker deaths
                yield job, exc
            future.release()
    finally:
        client.close()  # type: ignore[no-untyped-call]


def task_key(job: Job) -> tuple[str, str, str]:
    """A key of its own for each grading, naming it."""
    return ("grade", job.label, uuid4().hex)


def _with_content(job: Job) -> Job:
    return Job(job.learner, job.exercise, job.path, job.root, job.seed, job.isolation, Path(job.path).read_bytes())
