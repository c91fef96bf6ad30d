"""The Dask backend against a real LocalCluster: scheduler and two worker processes over loopback TCP."""

from __future__ import annotations

import io
import os
import signal
import time
from concurrent.futures import Future
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from batch_class import make_class
from batch_class import two_exercise_root
from rich.console import Console

from grader.batch import dask
from grader.batch import run as batch_run
from grader.batch.gradebook import Gradebook
from grader.batch.jobs import Job
from grader.errors import UsageError

distributed = pytest.importorskip("distributed")

# Right, but its grading lasts a while: the test child sleeps at import, long enough to kill its worker meanwhile.
SLOW = '"""Adds, after a nap."""\n\nimport time\n\ntime.sleep(8)\n\n\ndef add(a, b):\n    return a + b\n'


def _grades(out: Path) -> dict[tuple[str, str], tuple[float, tuple[str, ...]]]:
    with Gradebook(out) as book:
        return {
            (row.learner, row.exercise): (
                row.result.score,
                tuple(sorted({c.diagnosis.kind for c in row.result.failures if c.diagnosis})),
            )
            for row in book.rows()
        }


def test_dask_gradebook_equals_the_local_one(tmp_path: Path) -> None:
    root = two_exercise_root(tmp_path)
    folder = make_class(
        tmp_path / "class",
        {"alice": {"01_adder": "reference"}, "bob": {"02_adder_again": "hangs"}},
    )
    local = batch_run.run(
        batch_run.Options(submissions=folder, out=tmp_path / "local", root=root, workers=2), Console(file=io.StringIO())
    )
    assert local.graded == 2
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        options = batch_run.Options(
            submissions=folder, out=tmp_path / "dask", root=root, dask=cluster.scheduler_address
        )
        remote = batch_run.run(options, Console(file=io.StringIO()))
    assert (remote.graded, remote.failed) == (2, [])
    assert _grades(tmp_path / "dask") == _grades(tmp_path / "local")
    with Gradebook(tmp_path / "dask") as book:
        assert {row.result.submission for row in book.rows()} == {
            str(folder / "alice/exercises/01_adder/adder.py"),
            str(folder / "bob/exercises/02_adder_again/adder.py"),
        }


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    job = Job("alice", "exercise-01", str(tmp_path / "adder.py"), str(tmp_path))
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        list(dask.run([job], "tcp://127.0.0.1:9", connect_timeout=1))


def _executing(dask_worker: Any) -> list[Any]:
    return [ts.key for ts in dask_worker.state.executing]


def _worker_grading(client: Any, label: str, batch: Future[batch_run.Summary]) -> tuple[str, Any]:
    """The address of the worker running the grading `label` right now, and that task's key."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not batch.done():
        for address, keys in client.run(_executing).items():
            for key in keys:
                if isinstance(key, tuple) and key[:2] == ("grade", label):
                    return address, key
        time.sleep(0.05)
    if batch.done():
        batch.result()  # the batch's own error, if it had one
    raise AssertionError(f"{label} was never seen running on a worker")


def _times_sent_to_a_worker(client: Any, key: Any) -> int:
    story = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.story(key))
    return sum(1 for transition in story if transition[0] == key and transition[2] == "processing")


@pytest.mark.timeout(600)
def test_a_worker_killed_mid_grading_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    root = two_exercise_root(tmp_path)
    folder = make_class(
        tmp_path / "class",
        {
            "alice": {"01_adder": "reference", "02_adder_again": "wrong"},
            "bob": {"01_adder": SLOW, "02_adder_again": "alt"},
            "carol": {"01_adder": "exits", "02_adder_again": "segfaults"},
            "dave": {"02_adder_again": "reference"},
        },
    )
    local = batch_run.run(
        batch_run.Options(submissions=folder, out=tmp_path / "local", root=root, workers=2), Console(file=io.StringIO())
    )
    assert (local.graded, local.failed) == (7, [])

    out = tmp_path / "dask"
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        distributed.Client(cluster.scheduler_address) as client,
        ThreadPoolExecutor(1) as thread,
    ):
        options = batch_run.Options(submissions=folder, out=out, root=root, dask=cluster.scheduler_address)
        batch = thread.submit(batch_run.run, options, Console(file=io.StringIO()))
        victim, key = _worker_grading(client, "bob/exercise-01", batch)
        pid = client.run(os.getpid, workers=[victim])[victim]
        assert pid != os.getpid()
        os.kill(pid, signal.SIGKILL)  # the worker process itself; its nanny starts a new one
        remote = batch.result(timeout=480)
        assert _times_sent_to_a_worker(client, key) >= 2, "the killed worker's grading was not run again"

    assert (remote.graded, remote.skipped, remote.failed, remote.stored) == (7, 0, [], 7)
    with Gradebook(out) as book:
        rows = list(book.rows())
        assert book.count() == 7
    assert len({(row.learner, row.exercise) for row in rows}) == 7
    assert len({row.run_id for row in rows}) == 1
    assert _grades(out) == _grades(tmp_path / "local")
    assert _grades(out)[("bob", "exercise-01")] == (10.0, ())
