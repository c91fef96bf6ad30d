"""The Dask backend against a real LocalCluster: scheduler and two worker processes over loopback TCP."""

from __future__ import annotations

import io
from pathlib import Path

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
