"""Detection benchmark: the schedule explorer against plain stress and frontrun, side by side in one run.

For every exercise and every known submission (reference, alternative correct ones, known-wrong ones), each
tool grades it once per round. A wrong submission is caught when the tool fails it; for the explorer, the kind
must also be one of the variant's expected kinds (its `# expect: A|B` first line). A correct submission that a
tool fails is a false failure.

* explorer: `grader.runner.grade(exercise, file, seed=round)`, the sandboxed grading that `grade`,
  `grade verify` and `grade batch` run (with `--via cli`, the `grade` command itself, one process per grading);
  round r uses seed r, so 20 rounds try 20 different sets of schedules.
* stress: `bench/stress/` (pytest + pytest-repeat `--count=20` + pytest-timeout 10 s + a 1 us switch interval).
* frontrun: `bench/frontrun/` (frontrun 0.7.0's DPOR `explore()` on the same four contracts).

Rounds 0..baseline-runs-1 run all three tools on every submission (the side-by-side comparison); later rounds
run only the explorer, on the wrong variants (and on the correct ones while r < correct-runs). Each round's
tasks go to --workers processes; results are written to --out after every task, so an interrupted run keeps
what it measured. With --deadline HH:MM (UTC), no round starts that would, by the last round of its kind,
end after it.

    .venv/bin/python bench/detection.py --runs 20 --baseline-runs 5 --correct-runs 5 --workers 2 \
        --out bench/results/detection.json

needs the project's venv (`.venv`, see README) and a second venv for the baselines, made on first use:
`.bench-venv` with pytest-repeat, pytest-timeout and frontrun.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import math
import multiprocessing
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BENCH_VENV = ROOT / ".bench-venv"
STRESS_TIMEOUT = 10
STRESS_COUNT = 20
#: A baseline run that takes longer than this is stopped and counted as a catch (a hang).
BASELINE_CAP = 300
FRONTRUN_TESTS = {"01": "test_bank_01", "02": "test_deadlock_02", "03": "test_pool_03", "04": "test_pipeline_04"}
TOOLS = ("explorer", "stress", "frontrun")


def bench_python() -> Path:
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "pytest", "pytest-repeat", "pytest-timeout", "frontrun"],
            check=True,
        )
    return python


def submissions(folder: Path) -> list[tuple[str, Path, list[str]]]:
    """The reference, alternative and wrong submissions of one exercise, with expected kinds (empty = correct)."""
    meta = tomllib.loads((folder / "exercise.toml").read_text())
    solution = ROOT / "solutions" / folder.name
    found = [("reference", solution / meta["submission"], [])]
    for path in sorted((solution / "alt").glob("*.py")):
        found.append((f"alt/{path.name}", path, []))
    for path in sorted((solution / "wrong").glob("*.py")):
        first = path.read_text().splitlines()[0]
        kinds = first.split(":", 1)[1].strip().split("|")
        found.append((f"wrong/{path.name}", path, [k.strip() for k in kinds]))
    return found


def exercise_folder(number: str) -> Path:
    return next((ROOT / "exercises").glob(f"{number}_*"))


def machine() -> dict[str, Any]:
    """Where and under what load a result was measured."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True).stdout)
    except OSError:
        commit, dirty = "", False
    return {
        "when_utc": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit,
        "worktree_dirty": dirty,
    }


# -- one run of one tool on one submission ------------------------------------------------------------


def _explorer(exercise_id: str, path: Path, seed: int, expected: list[str], via: str) -> dict[str, Any]:
    start = time.perf_counter()
    if via == "cli":
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "result.json"
            proc = subprocess.run(
                [str(VENV / "bin" / "grade"), exercise_id, "--submission", str(path), "--seed", str(seed),
                 "--json", str(out)],
                capture_output=True,
            )  # fmt: skip
            if proc.returncode not in (0, 1):
                raise RuntimeError(f"grade failed on {path}: {proc.stderr.decode()[-2000:]}")
            result = json.loads(out.read_text())
    else:
        from grader import catalog
        from grader import runner

        exercise = catalog.resolve(catalog.load_catalog(ROOT), exercise_id)
        result = runner.grade(exercise, path, seed=seed).to_dict()
    seconds = time.perf_counter() - start
    kinds = sorted({t["diagnosis"]["kind"] for t in result["tests"] if t.get("diagnosis")})
    failed = result["score"] < result["max_score"] or not result.get("full_marks", True)
    return {
        "seed": seed,
        "seconds": round(seconds, 3),
        "failed": failed,
        "right_kind": failed and bool(set(expected) & set(kinds)),
        "kinds": kinds,
        "score": result["score"],
        "child_seconds": result.get("run", {}).get("duration"),
    }


def _baseline(argv: list[str], filename: str, path: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(path, Path(tmp) / filename)
        env = {**os.environ, "PYTHONPATH": tmp, "PYTHONDONTWRITEBYTECODE": "1"}
        start = time.perf_counter()
        try:
            proc = subprocess.run(argv, capture_output=True, env=env, cwd=tmp, timeout=BASELINE_CAP)
            rc, out = proc.returncode, proc.stdout.decode(errors="replace")
        except subprocess.TimeoutExpired as exc:
            rc, out = -9, (exc.stdout or b"").decode(errors="replace")
        seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 3),
        "rc": rc,
        # stress: exit 1 = a test failed, -9 = still hanging after BASELINE_CAP; frontrun: 1 = a test failed
        "failed": rc in (1, -9),
        "timeout_hit": "Timeout" in out or rc == -9,
    }


def _stress(number: str, filename: str, path: Path) -> dict[str, Any]:
    suite = ROOT / "bench" / "stress"
    return _baseline(
        [
            str(BENCH_VENV / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
            f"--count={STRESS_COUNT}", f"--timeout={STRESS_TIMEOUT}", "-x",
            "--rootdir", str(suite), str(suite / f"test_stress_{number}.py"),
        ],
        filename,
        path,
    )  # fmt: skip


def _frontrun(number: str, filename: str, path: Path) -> dict[str, Any]:
    test = ROOT / "bench" / "frontrun" / "test_frontrun_suite.py"
    return _baseline(
        [
            str(BENCH_VENV / "bin" / "frontrun"), str(BENCH_VENV / "bin" / "python"), "-m", "pytest", "-q",
            "-p", "no:cacheprovider", "--timeout=60", "--rootdir", str(test.parent),
            f"{test}::{FRONTRUN_TESTS[number]}",
        ],
        filename,
        path,
    )  # fmt: skip


def run_task(task: dict[str, Any]) -> dict[str, Any]:
    """All the tools asked for, one after the other, on one submission in one round."""
    out: dict[str, Any] = {"key": task["key"], "round": task["round"]}
    path = Path(task["path"])
    for tool in task["tools"]:
        if tool == "explorer":
            record = _explorer(task["exercise"], path, task["round"], task["expected"], task["via"])
        elif tool == "stress":
            record = _stress(task["number"], task["filename"], path)
        else:
            record = _frontrun(task["number"], task["filename"], path)
        out[tool] = {"round": task["round"], **record}
    return out


# -- the run ------------------------------------------------------------------------------------------


def _deadline(text: str | None) -> float | None:
    if not text:
        return None
    now = datetime.datetime.now(datetime.UTC)
    hour, minute = (int(x) for x in text.split(":"))
    at = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return time.time() + (at - now).total_seconds()


def main() -> int:
    parser = argparse.ArgumentParser(description="Compare the explorer with stress testing and frontrun")
    parser.add_argument("--runs", type=int, default=20, help="Explorer gradings per wrong submission (seeds 0..N-1)")
    parser.add_argument("--baseline-runs", type=int, default=None, help="Rounds with stress and frontrun too")
    parser.add_argument("--correct-runs", type=int, default=None, help="Explorer gradings per correct submission")
    parser.add_argument("--exercises", nargs="*", default=["01", "02", "03", "04"], help="Exercise numbers")
    parser.add_argument("--tools", nargs="*", default=list(TOOLS), help="Tools to run")
    parser.add_argument("--only", nargs="*", default=[], help="Only these submission labels (e.g. wrong/no_lock.py)")
    parser.add_argument("--workers", type=int, default=1, help="Tasks at once (each task: one submission, all tools)")
    parser.add_argument("--via", choices=("runner", "cli"), default="runner", help="How the explorer grades")
    parser.add_argument("--deadline", help="HH:MM UTC: start no round that would end after it")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "detection.json")
    args = parser.parse_args()
    baseline_runs = args.runs if args.baseline_runs is None else min(args.baseline_runs, args.runs)
    correct_runs = args.runs if args.correct_runs is None else min(args.correct_runs, args.runs)
    deadline = _deadline(args.deadline)
    if {"stress", "frontrun"} & set(args.tools):
        bench_python()
    rows: dict[str, dict[str, Any]] = {}
    for number in args.exercises:
        folder = exercise_folder(number)
        meta = tomllib.loads((folder / "exercise.toml").read_text())
        for name, path, expected in submissions(folder):
            if args.only and name not in args.only:
                continue
            key = f"{meta['id']} {name}"
            rows[key] = {
                "exercise": meta["id"], "number": number, "submission": name, "path": str(path.relative_to(ROOT)),
                "filename": meta["submission"], "expected": expected, **{tool: [] for tool in TOOLS},
            }  # fmt: skip
    doc: dict[str, Any] = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "settings": {
            "runs": args.runs, "baseline_runs": baseline_runs, "correct_runs": correct_runs,
            "workers": args.workers, "via": args.via, "tools": args.tools,
            "stress": {"count": STRESS_COUNT, "timeout": STRESS_TIMEOUT, "switch_interval": 1e-6},
        },
        "machine_start": machine(),
        "rounds": [],
        "rows": list(rows.values()),
    }  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    last_round: dict[bool, float] = {}
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.workers, mp_context=context) as pool:
        for r in range(args.runs):
            baseline = r < baseline_runs
            tools = [t for t in args.tools if t == "explorer" or baseline]
            tasks = []
            for key, row in rows.items():
                if not row["expected"] and r >= correct_runs and not baseline:
                    continue
                task_tools = [t for t in tools if t != "explorer" or row["expected"] or r < correct_runs]
                if task_tools:
                    tasks.append({
                        "key": key, "round": r, "tools": task_tools, "exercise": row["exercise"],
                        "number": row["number"], "filename": row["filename"], "path": str(ROOT / row["path"]),
                        "expected": row["expected"], "via": args.via,
                    })  # fmt: skip
            if not tasks:
                break
            if deadline is not None and baseline in last_round:
                remaining = (baseline_runs - r) if baseline else (args.runs - r)
                if time.time() + last_round[baseline] > deadline:
                    print(f"deadline: stopping before round {r} ({remaining} rounds of this kind left)", flush=True)
                    break
            started = time.perf_counter()
            load = os.getloadavg()[0]
            for done in pool.map(run_task, tasks):
                row = rows[done["key"]]
                for tool in TOOLS:
                    if tool in done:
                        row[tool].append(done[tool])
            seconds = time.perf_counter() - started
            last_round[baseline] = seconds
            doc["rounds"].append({
                "round": r, "tools": tools, "tasks": len(tasks), "seconds": round(seconds, 1),
                "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
            })  # fmt: skip
            doc["machine_end"] = machine()
            args.out.write_text(json.dumps(doc, indent=1))
            print(f"round {r}: {len(tasks)} tasks, tools {','.join(tools)}, {seconds:.0f} s, "
                  f"load {load:.1f} -> {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    print(report(doc))
    return 0


# -- tables -------------------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else float("nan")


def report(doc: dict[str, Any]) -> str:
    """The Markdown tables of one result file."""
    rows = doc["rows"]
    settings = doc["settings"]
    tools = settings["tools"]
    baseline_runs = min(
        (len([x for x in row[t] if x["round"] < settings["baseline_runs"]]) for row in rows for t in tools),
        default=0,
    )
    lines = [
        f"Side by side: rounds 0..{baseline_runs - 1} ({baseline_runs} runs of every tool on every submission).",
        "",
        "| tool | wrong variants caught on every run | wrong runs caught | with the expected kind | "
        "false failures (runs) | runs that waited out a timeout | time per round: wrong | correct | all "
        "| all, vs stress |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def in_rounds(row: dict[str, Any], tool: str) -> list[dict[str, Any]]:
        return [x for x in row[tool] if x["round"] < baseline_runs]

    def seconds(tool: str, wrong: bool) -> float:
        total = sum(x["seconds"] for row in rows if bool(row["expected"]) == wrong for x in in_rounds(row, tool))
        return total / baseline_runs if baseline_runs else float("nan")

    stress_round = seconds("stress", True) + seconds("stress", False) if "stress" in tools else float("nan")
    for tool in tools:
        wrong = [in_rounds(row, tool) for row in rows if row["expected"]]
        right = [in_rounds(row, tool) for row in rows if not row["expected"]]
        always = sum(1 for runs in wrong if runs and all(x["failed"] for x in runs))
        caught = sum(x["failed"] for runs in wrong for x in runs)
        total = sum(len(runs) for runs in wrong)
        kind = f"{sum(x['right_kind'] for runs in wrong for x in runs)}/{total}" if tool == "explorer" else "-"
        false = sum(x["failed"] for runs in right for x in runs)
        waited = sum(x.get("timeout_hit", False) for runs in wrong + right for x in runs) if tool != "explorer" else "-"
        w, c = seconds(tool, True), seconds(tool, False)
        lines.append(
            f"| {tool} | {always}/{len(wrong)} | {caught}/{total} | {kind} | {false}/{sum(len(r) for r in right)} "
            f"| {waited} | {w:.0f} s | {c:.0f} s | {w + c:.0f} s | {(w + c) / stress_round:.2f} |"
        )
    explorer_rows = [row for row in rows if row["explorer"]]
    if explorer_rows:
        wrong = [row for row in explorer_rows if row["expected"]]
        right = [row for row in explorer_rows if not row["expected"]]
        full = sum(1 for row in wrong if all(x["right_kind"] for x in row["explorer"]))
        n_runs = sorted({len(row["explorer"]) for row in wrong})
        secs = [x["seconds"] for row in explorer_rows for x in row["explorer"]]
        lines += [
            "",
            f"Explorer alone, all rounds: wrong variants caught with the expected kind on every run: {full}/{len(wrong)}"
            f" (runs per variant: {', '.join(map(str, n_runs))}); false failures: "
            f"{sum(x['failed'] for row in right for x in row['explorer'])}/"
            f"{sum(len(row['explorer']) for row in right)} gradings of {len(right)} correct submissions; "
            f"grading time median {sorted(secs)[len(secs) // 2]:.2f} s, p95 {p95(secs):.2f} s, max {max(secs):.2f} s.",
            "",
            "| exercise | submission | expected | explorer caught (right kind) | stress caught | frontrun caught | "
            "explorer s/run | stress s/run | frontrun s/run |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for row in rows:

            def cell(tool: str, row: dict[str, Any] = row) -> str:
                runs = row[tool]
                if not runs:
                    return "-"
                text = f"{sum(x['failed'] for x in runs)}/{len(runs)}"
                if tool == "explorer" and row["expected"]:
                    text += f" ({sum(x['right_kind'] for x in runs)})"
                return text

            def mean(tool: str, row: dict[str, Any] = row) -> str:
                runs = row[tool]
                return f"{sum(x['seconds'] for x in runs) / len(runs):.2f}" if runs else "-"

            lines.append(
                f"| {row['exercise'][-2:]} | {row['submission']} | {'|'.join(row['expected']) or 'correct'} | "
                f"{cell('explorer')} | {cell('stress')} | {cell('frontrun')} | "
                f"{mean('explorer')} | {mean('stress')} | {mean('frontrun')} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--report":
        print(report(json.loads(Path(sys.argv[2]).read_text())))
        sys.exit(0)
    sys.exit(main())
