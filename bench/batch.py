"""Benchmark of `grade batch`: a synthetic class graded one by one with plain pytest, with 1 and 2 local
workers, on a Dask LocalCluster, and resumed after `kill -9` at a random point.

    .venv/bin/python bench/batch.py --learners 100          # the full class; takes a long time
    .venv/bin/python bench/batch.py --learners 6 --json out.json

Every learner hands in the core exercises (01-04): mostly reference and alt solutions and known-wrong
variants from solutions/, and every HOSTILE_EVERY-th learner a hostile file (os._exit or an output flood at
import). Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
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


def build_class(
    folder: Path, learners: int, seed: int, hostile_every: int = HOSTILE_EVERY
) -> dict[str, dict[str, str]]:
    """Write the class; return learner -> exercise id -> what they handed in."""
    rng = random.Random(seed)
    exercises = [catalog.resolve(catalog.load_catalog(REPO), n) for n in CORE]
    plan: dict[str, dict[str, str]] = {}
    for i in range(learners):
        learner = f"learner{i:03d}"
        plan[learner] = {}
        for exercise in exercises:
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


def plain_pytest(folder: Path) -> tuple[float, int]:
    """The same gradings, one by one, each a plain `pytest` run on a copy of the submission and the tests."""
    exercises = [catalog.resolve(catalog.load_catalog(REPO), n) for n in CORE]
    started, count = time.monotonic(), 0
    for learner in sorted(folder.iterdir()):
        for exercise in exercises:
            submission = learner / "exercises" / exercise.folder.name / exercise.submission
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
            count += 1
    return time.monotonic() - started, count


def batch(folder: Path, out: Path, **kwargs: Any) -> batch_run.Summary:
    options = batch_run.Options(submissions=folder, out=out, root=REPO, exercises=CORE, **kwargs)
    return batch_run.run(options, Console(file=io.StringIO()))


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
    """The cells whose score or diagnosis kinds differ between two gradebooks."""
    return {
        cell: [one.get(cell), other.get(cell)] for cell in sorted({*one, *other}) if one.get(cell) != other.get(cell)
    }


def committed(out: Path) -> int:
    try:
        with sqlite3.connect(f"file:{out / FILE_NAME}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT COUNT(*) FROM gradings").fetchone()[0])
    except sqlite3.Error:
        return 0


def resume(folder: Path, out: Path, total: int, rng: random.Random, workers: int) -> dict[str, Any]:
    """Start a batch, kill -9 it after a random number of gradings, rerun it; count lost and regraded."""
    stop_after = rng.randint(1, max(1, total - 1))
    argv = [sys.executable, "-m", "grader", "batch", str(folder), "--out", str(out), "--root", str(REPO)]
    argv += ["--exercises", *CORE, "--workers", str(workers)]
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while committed(out) < stop_after and child.poll() is None:
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    before = committed(out)
    with Gradebook(out) as book:
        kept = {(row.learner, row.exercise): row.run_id for row in book.rows()}
    again = batch(folder, out, workers=workers)
    with Gradebook(out) as book:
        touched = sum(1 for row in book.rows() if kept.get((row.learner, row.exercise), row.run_id) != row.run_id)
    return {
        "killed_after": before,
        "rerun_graded": again.graded,
        "rerun_skipped": again.skipped,
        "lost": total - again.stored,
        "regraded_needlessly": touched + max(0, again.graded - (total - before)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hostile-every", type=int, default=HOSTILE_EVERY, help="Every Nth learner is hostile")
    parser.add_argument("--modes", nargs="+", default=["pytest", "local1", "local2", "dask", "resume"])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    folder = work / "class"
    plan = build_class(folder, args.learners, args.seed, args.hostile_every)
    total = sum(len(done) for done in plan.values())
    rows: list[tuple[str, float, int]] = []
    report: dict[str, Any] = {
        "learners": args.learners,
        "plan": plan,
        "gradings": total,
        "cpus": os.cpu_count(),
        "modes": {},
    }

    def record(mode: str, seconds: float, graded: int) -> None:
        rows.append((mode, seconds, graded))
        report["modes"][mode] = {
            "seconds": round(seconds, 1),
            "graded": graded,
            "per_minute": round(graded / seconds * 60, 1),
        }
        print(f"{mode}: {graded} gradings in {seconds:.1f} s", flush=True)

    if "pytest" in args.modes:
        record("plain pytest, one by one", *plain_pytest(folder))
    for workers in (1, 2):
        if f"local{workers}" in args.modes:
            summary = batch(folder, work / f"local{workers}", workers=workers)
            record(f"grade batch --workers {workers}", summary.seconds, summary.graded)
    if "dask" in args.modes:
        from distributed import LocalCluster

        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster:
            started = time.monotonic()
            summary = batch(folder, work / "dask", dask=cluster.scheduler_address)
            record("grade batch --dask (LocalCluster, 2 workers)", time.monotonic() - started, summary.graded)
        if "local2" in args.modes:
            report["dask_differs_from_local"] = differences(grades(work / "dask"), grades(work / "local2"))
    if "resume" in args.modes:
        report["resume"] = resume(folder, work / "resume", total, rng, 2)
        if "local2" in args.modes:
            report["resume"]["differs_from_uninterrupted"] = differences(
                grades(work / "resume"), grades(work / "local2")
            )
        print("resume:", report["resume"], flush=True)
    if "local2" in args.modes:
        report["scores"] = grades(work / "local2")
    print(f"\n{args.learners} learners x {len(CORE)} exercises = {total} gradings on {os.cpu_count()} CPUs\n")
    print("| mode | seconds | gradings/min |\n|---|---:|---:|")
    for mode, seconds, graded in rows:
        print(f"| {mode} | {seconds:.1f} | {graded / seconds * 60:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
