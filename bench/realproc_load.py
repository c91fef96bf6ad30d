"""Verdicts of the real-process exercises under load: every reference and alternative solution of the
exercises whose tests start real processes (and, with `--wrong`, every known-wrong one), graded `--runs` times
each (seeds 0..runs-1, as `grade verify` does) while both cores are kept busy by CPU loops, in both isolation
modes; before each loaded block, the same files are graded `--idle-runs` times without the loops, for the
ratio of grading times.

A false failure is a correct solution that misses full marks; a miss is a wrong one that gets full marks or
none of the kinds its `# expect:` line names (`grade verify`'s judgement). The report counts both per
condition and lists each one with its verdict; the grading times are given as the ratio loaded / idle, never
as a threshold.

    .venv/bin/python bench/realproc_load.py [--runs 5] [--idle-runs 1] [--loops 2] [--modes full,fallback]
        [--wrong] [--out bench/results/realproc-load.json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

from grader import catalog
from grader import isolation
from grader import runner
from grader import verify

ROOT = Path(__file__).resolve().parents[1]
# The exercises whose tests run the learner's code in real processes (not in the schedule explorer's model).
REAL_PROCESS = range(14, 27)


def spin(stop: multiprocessing.synchronize.Event) -> None:
    """A CPU loop: one core kept busy until `stop` is set."""
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x = (x * 31 + 7) % 1_000_003


def solutions(wrong: bool) -> list[verify.Candidate]:
    found = []
    for exercise in catalog.load_catalog(ROOT):
        if exercise.number in REAL_PROCESS:
            found += [c for c in verify.candidates(exercise, ROOT) if c.expected == verify.FULL or (wrong and c.wrong)]
    return found


def grade_all(candidates: list[verify.Candidate], runs: int, mode: str, condition: str) -> list[dict[str, object]]:
    rows = []
    for candidate in candidates:
        for seed in range(runs):
            started = time.perf_counter()
            result = runner.grade(candidate.exercise, candidate.path, seed=seed, isolation_mode=mode)
            rows.append(
                {
                    "condition": condition,
                    "mode": mode,
                    "exercise": candidate.exercise.id,
                    "file": candidate.label,
                    "seed": seed,
                    "score": result.score,
                    "full_marks": result.full_marks,
                    "wrong": candidate.wrong,
                    "judged": verify.judge(candidate, result),
                    "verdict": verify.summary(result),
                    "seconds": round(time.perf_counter() - started, 3),
                }
            )
            print(
                f"{condition:6} {mode:8} {candidate.exercise.id} {candidate.label} seed {seed}: {rows[-1]['verdict']} ({rows[-1]['judged']})"
            )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="gradings of each file under load (seeds 0..N-1)")
    parser.add_argument("--idle-runs", type=int, default=1, help="gradings of each file with no CPU loops")
    parser.add_argument("--loops", type=int, default=os.cpu_count() or 2, help="CPU loops while loaded")
    parser.add_argument("--modes", default="full,fallback")
    parser.add_argument("--wrong", action="store_true", help="grade the known-wrong submissions too")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "realproc-load.json")
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    if "full" in modes and isolation.bwrap_problem():
        print(f"full isolation unavailable: {isolation.bwrap_problem()}; fallback only", file=sys.stderr)
        modes = [m for m in modes if m != "full"]
    candidates = solutions(args.wrong)
    rows: list[dict[str, object]] = []
    started = time.time()
    for mode in modes:
        for condition in ("idle", "loaded"):
            stop = multiprocessing.Event()
            loops = [multiprocessing.Process(target=spin, args=(stop,)) for _ in range(args.loops)]
            if condition == "loaded":
                for loop in loops:
                    loop.start()
            try:
                rows += grade_all(candidates, args.runs if condition == "loaded" else args.idle_runs, mode, condition)
            finally:
                stop.set()
                for loop in loops:
                    if loop.is_alive() or loop.pid is not None:
                        loop.join()
    summary = {}
    for mode in modes:
        for condition in ("idle", "loaded"):
            these = [r for r in rows if r["mode"] == mode and r["condition"] == condition]
            summary[f"{mode}/{condition}"] = {
                "gradings": len(these),
                "false_failures": sum(r["judged"] == verify.FALSE_FAILURE for r in these),
                "misses": sum(r["wrong"] and r["judged"] != verify.OK for r in these),
                "median_seconds": statistics.median(float(r["seconds"]) for r in these),  # type: ignore[arg-type]
            }
        idle, loaded = summary[f"{mode}/idle"], summary[f"{mode}/loaded"]
        summary[f"{mode}/loaded_over_idle"] = round(loaded["median_seconds"] / idle["median_seconds"], 2)
    report = {
        "command": " ".join(["bench/realproc_load.py", *sys.argv[1:]]),
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(started)),
        "files": len(candidates),
        "runs": args.runs,
        "idle_runs": args.idle_runs,
        "loops": args.loops,
        "summary": summary,
        "wrong": args.wrong,
        "false_failures": [r for r in rows if r["judged"] == verify.FALSE_FAILURE],
        "misses": [r for r in rows if r["wrong"] and r["judged"] != verify.OK],
        "rows": rows,
    }
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
