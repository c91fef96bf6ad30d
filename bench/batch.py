"""Benchmark of `grade batch`: a synthetic class graded with 1 and 2 local workers, on a Dask LocalCluster,
resumed after `kill -9` at a random point, and against the same gradings run one by one with plain pytest.

    .venv/bin/python bench/batch.py --learners 100 --per-learner 1 --sample 24 --json bench/results/batch.json
    .venv/bin/python bench/batch.py --learners 6 --sample 4 --json /tmp/out.json    # a quick look

The class: `--learners` learners, each handing in `--per-learner` of the `--exercises` (default: all of the
core exercises 01-04; with fewer, each learner's exercises are picked at random, the least-picked first, so
every exercise gets its share and a learner lacks the others). A file is a random pick among the reference,
the `alt/` and the `wrong/` files of `solutions/`; every `--hostile-every`-th learner hands in hostile files
instead (`os._exit(3)` or a 64 MiB stdout flood at import).

Modes (`--modes`): `local1`, `local2`, `dask`, `resume` and `pytest` grade the whole class; the same names
prefixed `sample:` grade a random sample of its gradings (`--sample N`, stratified by exercise), so the slow
sequential modes can run on fewer gradings: plain pytest, one by one; `grade batch --workers 1`; `--workers 2`.
Every mode records its wall time, gradings per minute and the 1-minute load average while it ran (the machine
may be shared). Prints a Markdown table for BENCHMARKS.md; `--json` writes everything, with the grades.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import platform
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console

from grader import catalog
from grader.batch import run as batch_run
from grader.batch.gradebook import FILE_NAME
from grader.batch.gradebook import Gradebook

REPO = Path(__file__).resolve().parent.parent
CORE = ("01", "02", "03", "04")
HOSTILE_EVERY = 25
HOSTILE = {
    "exits_at_import": "import os\nos._exit(3)\n",
    "floods_at_import": "import sys\nfor _ in range(1000):\n    sys.stdout.write('x' * 65536)\n",
}
WHOLE = ("pytest", "local1", "local2", "dask", "resume")
DEFAULT_MODES = ("sample:pytest", "sample:local1", "sample:local2", "local2", "dask", "resume")

Plan = dict[str, dict[str, str]]  # learner -> exercise id -> what they handed in


def core(numbers: Sequence[str]) -> list[catalog.Exercise]:
    everything = catalog.load_catalog(REPO)
    return [catalog.resolve(everything, n) for n in numbers]


def build_class(
    folder: Path,
    learners: int,
    seed: int,
    hostile_every: int = HOSTILE_EVERY,
    numbers: Sequence[str] = CORE,
    per_learner: int | None = None,
) -> Plan:
    """Write the class; return learner -> exercise id -> what they handed in."""
    rng = random.Random(seed)
    exercises = core(numbers)
    per_learner = len(exercises) if per_learner is None else min(per_learner, len(exercises))
    picked = {exercise.id: 0 for exercise in exercises}
    plan: Plan = {}
    for i in range(learners):
        learner = f"learner{i:03d}"
        plan[learner] = {}
        order = sorted(exercises, key=lambda e: (picked[e.id], rng.random()))
        for exercise in sorted(order[:per_learner], key=lambda e: e.id):
            picked[exercise.id] += 1
            target = folder / learner / "exercises" / exercise.folder.name / exercise.submission
            target.parent.mkdir(parents=True, exist_ok=True)
            if i % hostile_every == hostile_every - 1:
                kind = sorted(HOSTILE)[(i // hostile_every) % len(HOSTILE)]
                target.write_text(HOSTILE[kind])
                plan[learner][exercise.id] = kind
                continue
            choices = [exercise.solutions / exercise.submission]
            choices += sorted((exercise.solutions / "alt").glob("*.py")) + sorted(
                (exercise.solutions / "wrong").glob("*.py")
            )
            source = rng.choice(choices)
            shutil.copyfile(source, target)
            plan[learner][exercise.id] = source.relative_to(exercise.solutions).as_posix()
    return plan


def sample_class(source: Path, target: Path, plan: Plan, size: int, seed: int, numbers: Sequence[str]) -> Plan:
    """Copy a random sample of `size` gradings, the same number per exercise, into a class of their own."""
    rng = random.Random(seed)
    exercises = core(numbers)
    chosen: Plan = {}
    for exercise in exercises:
        cells = sorted(learner for learner, files in plan.items() if exercise.id in files)
        for learner in sorted(rng.sample(cells, min(len(cells), size // len(exercises)))):
            relative = Path(learner) / "exercises" / exercise.folder.name / exercise.submission
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / relative, target / relative)
            chosen.setdefault(learner, {})[exercise.id] = plan[learner][exercise.id]
    return dict(sorted(chosen.items()))


def plain_pytest(folder: Path, plan: Plan) -> tuple[float, int, dict[str, Any]]:
    """The same gradings, one by one, each a plain `pytest` run on a copy of the submission and the tests."""
    exercises = {exercise.id: exercise for exercise in catalog.load_catalog(REPO)}
    started, each = time.monotonic(), []
    for learner, files in plan.items():
        for exercise_id in files:
            exercise = exercises[exercise_id]
            submission = folder / learner / "exercises" / exercise.folder.name / exercise.submission
            began = time.monotonic()
            with tempfile.TemporaryDirectory() as work:
                shutil.copytree(exercise.folder / "tests", Path(work) / "tests")
                (Path(work) / "sub").mkdir()
                shutil.copyfile(submission, Path(work) / "sub" / exercise.submission)
                (Path(work) / "pytest.ini").write_text("[pytest]\nmarkers =\n    points(n): weight\n")
                argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "grader.explorer.plugin"]
                argv += ["--import-mode=importlib", f"--timeout={exercise.limits.test_timeout:g}", "tests"]
                env = {**os.environ, "PYTHONPATH": str(Path(work) / "sub")}
                try:
                    subprocess.run(argv, cwd=work, env=env, capture_output=True, timeout=exercise.limits.wall_timeout)
                except subprocess.TimeoutExpired:
                    pass
            each.append(time.monotonic() - began)
    return time.monotonic() - started, len(each), {"each": [round(seconds, 2) for seconds in each]}


def batch(folder: Path, out: Path, numbers: Sequence[str], **kwargs: Any) -> batch_run.Summary:
    options = batch_run.Options(submissions=folder, out=out, root=REPO, exercises=numbers, **kwargs)
    return batch_run.run(options, Console(file=io.StringIO()))


def timed_batch(folder: Path, out: Path, numbers: Sequence[str], **kwargs: Any) -> tuple[float, int, dict[str, Any]]:
    summary = batch(folder, out, numbers, **kwargs)
    return summary.seconds, summary.graded, {"failed": summary.failed, "skipped": summary.skipped}


def grades(out: Path) -> dict[str, Any]:
    with Gradebook(out) as book:
        return {
            f"{row.learner}/{row.exercise}": [
                row.result.score,
                sorted({c.diagnosis.kind for c in row.result.failures if c.diagnosis}),
            ]
            for row in book.rows()
        }


def differences(one: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """The cells whose score or diagnosis kinds differ between two gradebooks (cells in both)."""
    return {cell: [one[cell], other[cell]] for cell in sorted(one.keys() & other.keys()) if one[cell] != other[cell]}


def committed(out: Path) -> int:
    try:
        with sqlite3.connect(f"file:{out / FILE_NAME}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT COUNT(*) FROM gradings").fetchone()[0])
    except sqlite3.Error:
        return 0


def resume(folder: Path, out: Path, total: int, rng: random.Random, numbers: Sequence[str]) -> dict[str, Any]:
    """Start a batch, kill -9 it after a random number of gradings, rerun it; count lost and regraded."""
    stop_after = rng.randint(1, max(1, total - 1))
    argv = [sys.executable, "-m", "grader", "batch", str(folder), "--out", str(out), "--root", str(REPO)]
    argv += ["--exercises", *numbers, "--workers", "2"]
    started = time.monotonic()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while committed(out) < stop_after and child.poll() is None:
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    killed_at = time.monotonic() - started
    before = committed(out)
    with Gradebook(out) as book:
        kept = {(row.learner, row.exercise): row.run_id for row in book.rows()}
    again = batch(folder, out, numbers, workers=2)
    with Gradebook(out) as book:
        rows = list(book.rows())
    touched = sum(1 for row in rows if kept.get((row.learner, row.exercise), row.run_id) != row.run_id)
    return {
        "kill_after_committed": stop_after,
        "killed_after_seconds": round(killed_at, 1),
        "committed_before_kill": before,
        "rerun_graded": again.graded,
        "rerun_skipped": again.skipped,
        "rerun_failed": len(again.failed),
        "rerun_seconds": round(again.seconds, 1),
        "stored": again.stored,
        "lost": total - again.stored,
        "kept_rows_regraded": touched,
        "regraded_needlessly": touched + max(0, again.graded - (total - before)),
    }


class Load:
    """Samples the 1-minute load average every few seconds while a mode runs."""

    def __init__(self, every: float = 5.0) -> None:
        self.samples = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(every,), daemon=True)
        self._thread.start()

    def _sample(self, every: float) -> None:
        while not self._stop.wait(every):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])
        return {
            "mean": round(sum(self.samples) / len(self.samples), 2),
            "min": round(min(self.samples), 2),
            "max": round(max(self.samples), 2),
        }


@contextmanager
def dask_cluster() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def git_commit() -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
        return done.stdout.strip() + ("+dirty" if dirty.strip() else "")
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--exercises", nargs="+", default=list(CORE), help="Exercises of the class (default 01-04)")
    parser.add_argument("--per-learner", type=int, help="Exercises each learner hands in (default: all)")
    parser.add_argument("--sample", type=int, default=24, help="Gradings in the sample for the sample: modes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hostile-every", type=int, default=HOSTILE_EVERY, help="Every Nth learner is hostile")
    parser.add_argument("--modes", nargs="+", default=list(DEFAULT_MODES), help=f"{WHOLE}, each maybe sample:")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    numbers: list[str] = args.exercises
    unknown = [m for m in args.modes if m.removeprefix("sample:") not in WHOLE or m == "sample:resume"]
    if unknown:
        parser.error(f"unknown modes: {unknown}")
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    folders = {"": work / "class", "sample:": work / "sample"}
    plans = {"": build_class(folders[""], args.learners, args.seed, args.hostile_every, numbers, args.per_learner)}
    if any(m.startswith("sample:") for m in args.modes):
        plans["sample:"] = sample_class(folders[""], folders["sample:"], plans[""], args.sample, args.seed, numbers)
    totals = {scope: sum(len(files) for files in plan.values()) for scope, plan in plans.items()}
    report: dict[str, Any] = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "commit": git_commit(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "learners": args.learners,
        "exercises": numbers,
        "per_learner": args.per_learner or len(numbers),
        "gradings": totals[""],
        "per_exercise": {e.id: sum(e.id in files for files in plans[""].values()) for e in core(numbers)},
        "sample": {"gradings": totals.get("sample:", 0), "plan": plans.get("sample:", {})},
        "plan": plans[""],
        "modes": {},
    }
    rows: list[tuple[str, float, int]] = []

    def measure(mode: str, action: Callable[[], tuple[float, int, dict[str, Any]]]) -> None:
        load = Load()
        seconds, graded, extra = action()
        entry: dict[str, Any] = {"seconds": round(seconds, 1), "graded": graded}
        entry["per_minute"] = round(graded / seconds * 60, 2)
        entry["seconds_per_grading"] = round(seconds / graded, 2) if graded else None
        report["modes"][mode] = {**entry, **extra, "load_1min": load.stop()}
        rows.append((mode, seconds, graded))
        print(f"{mode}: {graded} gradings in {seconds:.1f} s, load {report['modes'][mode]['load_1min']}", flush=True)

    for mode in args.modes:
        scope = "sample:" if mode.startswith("sample:") else ""
        kind, folder, out = mode.removeprefix("sample:"), folders[scope], work / mode.replace(":", "-")
        if kind == "pytest":
            measure(mode, functools.partial(plain_pytest, folder, plans[scope]))
        elif kind in ("local1", "local2"):
            measure(mode, functools.partial(timed_batch, folder, out, numbers, workers=int(kind[-1])))
        elif kind == "dask":
            with dask_cluster() as address:  # the cluster's start-up is not timed
                measure(mode, functools.partial(timed_batch, folder, out, numbers, dask=address))
        elif kind == "resume":
            load = Load()
            report["modes"][mode] = {**resume(folder, out, totals[scope], rng, numbers), "load_1min": load.stop()}
            print(f"{mode}: {report['modes'][mode]}", flush=True)

    books = {m: grades(work / m.replace(":", "-")) for m in args.modes if not m.endswith("pytest")}
    reference = "local2" if "local2" in books else next(iter(books), None)
    if reference:
        report["scores"] = books[reference]
        report["agreement"] = {}
        for mode in (m for m in books if m != reference):
            cells = len(books[mode].keys() & books[reference].keys())
            report["agreement"][f"{mode} vs {reference}"] = {
                "cells": cells,
                "differ": differences(books[mode], books[reference]),
            }
    print(f"\n{args.learners} learners, {totals['']} gradings of {numbers}; sample {totals.get('sample:', 0)}")
    print("| mode | gradings | seconds | gradings/min | mean load |\n|---|---:|---:|---:|---:|")
    for mode, seconds, graded in rows:
        print(f"| {mode} | {graded} | {seconds:.1f} | {graded / seconds * 60:.1f} | "
              f"{report['modes'][mode]['load_1min']['mean']} |")  # fmt: skip
    for pair, agreement in report.get("agreement", {}).items():
        print(f"{pair}: {len(agreement['differ'])} of {agreement['cells']} cells differ")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
