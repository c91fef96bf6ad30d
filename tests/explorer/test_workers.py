"""The explorer's worker threads: a task's OS thread is reused by the next task, and ends on close()."""

from __future__ import annotations

import _thread
import os
import threading
import time

from grader.explorer.scheduler import Workers


def _wait_for(condition, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.001)


def _run(workers: Workers) -> tuple[int, int]:
    """Start one job and wait for it; return the (ident, native id) of the thread that ran it."""
    done = threading.Event()
    seen: list[tuple[int, int]] = []

    def job(arg: object) -> None:
        seen.append((_thread.get_ident(), threading.get_native_id()))
        done.set()

    workers.start(job, None)
    assert done.wait(10)
    return seen[0]


def test_a_finished_task_thread_runs_the_next_task() -> None:
    workers = Workers()
    try:
        first = _run(workers)
        _wait_for(lambda: workers._idle, "the thread to park")
        assert _run(workers) == first
    finally:
        workers.close()


def test_close_ends_the_parked_threads() -> None:
    workers = Workers()
    _ident, native = _run(workers)
    _wait_for(lambda: workers._idle, "the thread to park")
    assert os.path.exists(f"/proc/self/task/{native}")
    workers.close()
    _wait_for(lambda: not os.path.exists(f"/proc/self/task/{native}"), "the parked thread to end")


def test_a_thread_that_finishes_after_close_ends_instead_of_parking() -> None:
    workers = Workers()
    release = threading.Event()
    natives: list[int] = []

    def job(arg: object) -> None:
        natives.append(threading.get_native_id())
        release.wait(10)

    workers.start(job, None)
    _wait_for(lambda: natives, "the job to start")
    workers.close()
    release.set()
    _wait_for(lambda: not os.path.exists(f"/proc/self/task/{natives[0]}"), "the thread to end")
    assert workers._idle == []
