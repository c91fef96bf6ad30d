"""What containment costs: the same trivial exercise graded with and without isolation, and how long a hang
takes to become a verdict.

Runs are interleaved (fallback, full, fallback, full, ...) so that machine load hits both modes alike; the
ratio of medians is the overhead of bubblewrap + cgroups. Hang-to-verdict: a submission that blocks every
catchable signal and sleeps, with a 2 s wall limit; the latency is the time past the limit.

    .venv/bin/python bench/containment.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="Gradings per mode (default 10)")
    args = parser.parse_args()
    problem = isolation.bwrap_problem()
    if problem:
        print(f"full isolation unavailable: {problem}", file=sys.stderr)
        return 1
    exercise = catalog.resolve(catalog.load_catalog(ROOT), "target")
    reference = ROOT / "solutions" / "01_target" / "target.py"
    for mode in ("fallback", "full"):  # warm-up: caches the expected test IDs, probes bubblewrap
        timed(exercise, reference, mode)
    times: dict[str, list[float]] = {"fallback": [], "full": []}
    for _ in range(args.runs):
        for mode in times:
            times[mode].append(timed(exercise, reference, mode))
    medians = {mode: statistics.median(values) for mode, values in times.items()}
    print(f"trivial exercise, {args.runs} interleaved gradings per mode")
    for mode, values in times.items():
        print(f"  {mode:8} median {medians[mode]:.3f} s  min {min(values):.3f} s  max {max(values):.3f} s")
    print(
        f"  overhead of full isolation: x{medians['full'] / medians['fallback']:.2f} "
        f"(+{medians['full'] - medians['fallback']:.3f} s per grading)"
    )
    with tempfile.TemporaryDirectory() as folder:
        hang = Path(folder) / "target.py"
        hang.write_text(HANG)
        wall = 2.0
        for mode in times:
            late = [timed(exercise, hang, mode, test_timeout=60, wall_timeout=wall) - wall for _ in range(3)]
            print(f"  hang-to-verdict past the {wall:g} s wall limit, {mode:8}: median {statistics.median(late):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
