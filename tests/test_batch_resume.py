"""`kill -9` in the middle of a batch, then a rerun: nothing lost, nothing graded twice, same grades."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from batch_class import make_class
from rich.console import Console

from grader.batch import run as batch_run
from grader.batch.gradebook import FILE_NAME
from grader.batch.gradebook import Gradebook

LEARNERS = {
    "alice": {"01_adder": "reference"},
    "bob": {"01_adder": "wrong"},
    "carol": {"01_adder": "alt"},
    "dave": {"01_adder": "hangs"},
}


def _committed(out: Path) -> int:
    if not (out / FILE_NAME).exists():
        return 0
    try:
        with sqlite3.connect(f"file:{out / FILE_NAME}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT COUNT(*) FROM gradings").fetchone()[0])
    except sqlite3.OperationalError:  # the table is not there yet
        return 0


def _grades(out: Path) -> dict[tuple[str, str], tuple[float, tuple[str, ...]]]:
    with Gradebook(out) as book:
        return {
            (row.learner, row.exercise): (
                row.result.score,
                tuple(sorted({c.diagnosis.kind for c in row.result.failures if c.diagnosis})),
            )
            for row in book.rows()
        }


def test_kill_9_mid_batch_then_rerun_loses_nothing_and_regrades_nothing_needlessly(
    tmp_path: Path, fixture_root: Path
) -> None:
    folder = make_class(tmp_path / "class", LEARNERS)
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "grader", "batch", str(folder), "--out", str(out), "--root", str(fixture_root)]
    batch = subprocess.Popen(
        [*argv, "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while _committed(out) < 1 and batch.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert batch.poll() is None, "the batch ended before it could be killed"
        os.kill(batch.pid, signal.SIGKILL)
        batch.wait()
    finally:
        if batch.poll() is None:
            os.killpg(batch.pid, signal.SIGKILL)
    with Gradebook(out) as book:
        before = {row.learner: row.run_id for row in book.rows()}
    assert 1 <= len(before) < len(LEARNERS)

    options = batch_run.Options(submissions=folder, out=out, root=fixture_root, workers=2)
    rerun = batch_run.run(options, Console(file=io.StringIO()))
    assert rerun.skipped == len(before)
    assert rerun.graded == len(LEARNERS) - len(before)
    assert rerun.failed == [] and rerun.stored == len(LEARNERS)
    with Gradebook(out) as book:
        assert all(row.run_id == before[row.learner] for row in book.rows() if row.learner in before)

    whole = tmp_path / "whole"
    batch_run.run(
        batch_run.Options(submissions=folder, out=whole, root=fixture_root, workers=2), Console(file=io.StringIO())
    )
    assert _grades(out) == _grades(whole)
