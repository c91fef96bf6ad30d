"""What containment costs: the same trivial exercise graded with and without isolation, and how long a hang
takes to become a verdict.

Runs are interleaved (plain, fallback, full, plain, ...) so that machine load hits every mode alike:
`plain` is the same tests run by a bare `python -m pytest` on a copy of the exercise (no grader at all),
`fallback` the grader with session and rlimits only, `full` the grader with bubblewrap and a cgroup. The ratios
of medians are the overheads. Hang-to-verdict: a submission that blocks every catchable signal and sleeps, with
a 2 s wall limit; the latency is the time past the limit.

    .venv/bin/python bench/containment.py [--runs N] [--out bench/results/containment.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grader import catalog
from grader import isolation
from grader import runner

ROOT = Path(__file__).resolve().parents[1] / "tests" / "hostile" / "resources" / "root"
HANG = """
import signal, time
def work(n):
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM, signal.SIGINT})
    time.sleep(1000)
"""


def timed(exercise: catalog.Exercise, path: Path, mode: str, **kwargs: float) -> float:
    started = time.perf_counter()
    runner.grade(exercise, path, isolation_mode=mode, **kwargs)
    return time.perf_counter() - started


def plain_pytest(exercise_dir: Path, submission: Path) -> float:
    """The same tests under a bare pytest: no workspace build, sandbox, collection check or canaries."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(exercise_dir / "tests", work / "tests")
        shutil.copy(submission, work / submission.name)
        env = dict(os.environ, PYTHONPATH=str(work), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--import-mode=importlib", "tests"],
            cwd=work,
            env=env,
            stdout=subprocess.DEVNULL,
            check=False,
        )
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="Gradings per mode (default 10)")
    parser.add_argument("--out", type=Path, default=None, help="Also write the numbers as JSON here")
    args = parser.parse_args()
    problem = isolation.bwrap_problem()
    if problem:
        print(f"full isolation unavailable: {problem}", file=sys.stderr)
        return 1
    exercise = catalog.resolve(catalog.load_catalog(ROOT), "target")
    reference = ROOT / "solutions" / "01_target" / "target.py"
    for mode in ("fallback", "full"):  # warm-up: caches the expected test IDs, probes bubblewrap
        timed(exercise, reference, mode)
    exercise_dir = ROOT / "exercises" / "01_target"
    plain_pytest(exercise_dir, reference)
    times: dict[str, list[float]] = {"plain": [], "fallback": [], "full": []}
    loads = [os.getloadavg()[0]]
    for _ in range(args.runs):
        times["plain"].append(plain_pytest(exercise_dir, reference))
        for mode in ("fallback", "full"):
            times[mode].append(timed(exercise, reference, mode))
        loads.append(os.getloadavg()[0])
    medians = {mode: statistics.median(values) for mode, values in times.items()}
    print(f"trivial exercise, {args.runs} interleaved runs per mode, 1-min load {min(loads):.1f}-{max(loads):.1f}")
    for mode, values in times.items():
        print(f"  {mode:8} median {medians[mode]:.3f} s  min {min(values):.3f} s  max {max(values):.3f} s")
    ratios = {
        "full_vs_fallback": medians["full"] / medians["fallback"],
        "full_vs_plain": medians["full"] / medians["plain"],
        "fallback_vs_plain": medians["fallback"] / medians["plain"],
    }
    print(
        f"  overhead of full isolation over fallback: x{ratios['full_vs_fallback']:.2f} "
        f"(+{medians['full'] - medians['fallback']:.3f} s per grading)"
    )
    print(f"  whole grader (full) over bare pytest: x{ratios['full_vs_plain']:.2f}")
    hangs: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        hang = Path(folder) / "target.py"
        hang.write_text(HANG)
        wall = 2.0
        for mode in ("fallback", "full"):
            late = [timed(exercise, hang, mode, test_timeout=60, wall_timeout=wall) - wall for _ in range(3)]
            hangs[mode] = late
            print(f"  hang-to-verdict past the {wall:g} s wall limit, {mode:8}: median {statistics.median(late):.3f} s")
    if args.out is not None:
        record = {
            "runs": args.runs,
            "load": loads,
            "times": times,
            "medians": medians,
            "ratios": ratios,
            "hang_past_limit": hangs,
        }
        args.out.write_text(json.dumps(record, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
