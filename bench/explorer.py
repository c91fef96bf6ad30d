"""Benchmarks of the schedule explorer alone (the side-by-side detection run is bench/detection.py).

Phases (all by default; results merged into --out, one key per phase, each with the machine and load):

* schedules: every correct submission of each exercise (reference and alt/*.py) run through the exercise's
  tests by pytest with the explorer plugin, seeds 0..--seeds-1, in a workspace laid out as `grade` lays it
  out (so node ids, and with them the schedules, are the ones a grading with that seed explores). This file,
  loaded into that pytest as a plugin, counts the schedules every explore() call ran and every test outcome.
  Target: zero failures over at least 1,000 schedules per exercise.
* determinism: --regrades gradings with seed 0 of every known submission of --exercises (or of the files given
  with --determinism-submissions), --workers at a time (grader.runner.grade, the sandboxed grading of `grade`);
  every grading's verdict (score, each test's status, kind, message, hint and replay) is compared with the
  first's. Target: 100 identical.
* deadlock: (a) inside the explorer: explore() on exercise 02's stub (func1 and func2 in two threads), seeds
  0..--deadlock-runs-1, timing each schedule from its start to its verdict and the whole explore() call to the
  reported deadlock; (b) the whole `grade 02` of the stub (CLI) against plain pytest + pytest-timeout (the
  stress suite, 10 s timeout) on the same file. Target: the verdict less than 1 s after the deadlock forms.
* timing: `grade 0N --submission F` (the CLI, one process per grading, as a learner runs it) once per known
  submission of each exercise. Target: p95 under 10 s per exercise.

    .venv/bin/python bench/explorer.py --out bench/results/explorer.json
    .venv/bin/python bench/explorer.py --phases deadlock --deadlock-runs 30
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
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from detection import BENCH_VENV  # noqa: E402
from detection import STRESS_TIMEOUT  # noqa: E402
from detection import VENV  # noqa: E402
from detection import exercise_folder  # noqa: E402
from detection import machine  # noqa: E402
from detection import p95  # noqa: E402
from detection import submissions  # noqa: E402

PHASES = ("schedules", "determinism", "deadlock", "timing")
COUNT_ENV = "BENCH_EXPLORE_COUNT_OUT"


# -- the pytest plugin half: counts schedules in the child of the schedules phase ----------------------------

_records: list[dict[str, Any]] = []
_outcomes: dict[str, str] = {}


def pytest_configure(config: Any) -> None:
    if not os.environ.get(COUNT_ENV):
        return
    from grader.explorer import explore as explore_module
    from grader.explorer import search
    from grader.explorer.errors import ExplorationFailure

    original_call = explore_module.Explorer.__call__
    original_run = search.run_schedule
    executed = {"n": 0}

    def run_schedule(*args: Any, **kwargs: Any) -> Any:
        executed["n"] += 1
        return original_run(*args, **kwargs)

    def call(self: Any, scenario: Any, **kwargs: Any) -> Any:
        executed["n"] = 0
        try:
            report = original_call(self, scenario, **kwargs)
        except ExplorationFailure as exc:
            _records.append({"nodeid": self.nodeid, "executed": executed["n"], "failure": exc.grader_diagnosis})
            raise
        _records.append({
            "nodeid": self.nodeid, "runs": report.runs, "executed": executed["n"], "strategies": report.strategies,
            "exhaustive": report.exhaustive,
        })  # fmt: skip
        return report

    search.run_schedule = run_schedule  # type: ignore[assignment]
    explore_module.Explorer.__call__ = call  # type: ignore[method-assign]


def pytest_runtest_logreport(report: Any) -> None:
    if report.when == "call" or report.outcome != "passed":
        if _outcomes.get(report.nodeid, "passed") == "passed":
            _outcomes[report.nodeid] = report.outcome


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    out = os.environ.get(COUNT_ENV)
    if out:
        Path(out).write_text(json.dumps({"explore": _records, "outcomes": _outcomes, "exitstatus": int(exitstatus)}))


# -- phases -------------------------------------------------------------------------------------------------


def _meta(number: str) -> dict[str, Any]:
    return tomllib.loads((exercise_folder(number) / "exercise.toml").read_text())


def _count_run(number: str, path: Path, seed: int) -> dict[str, Any]:
    """One pytest run of an exercise's tests on `path`, laid out as grader.workspace lays out a grading."""
    folder = exercise_folder(number)
    meta = _meta(number)
    with tempfile.TemporaryDirectory(prefix="grader-bench-") as tmp:
        ws = Path(tmp)
        (ws / "submission").mkdir()
        shutil.copy(path, ws / "submission" / meta["submission"])
        groups = []
        for group in ("visible", "hidden"):
            if (folder / "tests" / group).is_dir():
                shutil.copytree(
                    folder / "tests" / group, ws / "tests" / group, ignore=shutil.ignore_patterns("__pycache__")
                )
                groups.append(f"tests/{group}")
        (ws / "pytest.ini").write_text("[pytest]\n")
        out = ws / "count.json"
        env = {**os.environ, COUNT_ENV: str(out), "PYTHONPATH": str(ROOT / "bench"), "PYTHONDONTWRITEBYTECODE": "1",
               "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # fmt: skip
        argv = [
            str(VENV / "bin" / "python"), "-m", "pytest", "-p", "grader.plugin", "-p", "pytest_timeout",
            "-p", "grader.explorer.plugin", "-p", "explorer", "--import-mode=importlib", "-p", "no:cacheprovider",
            "-q", "-o", "addopts=", "-c", str(ws / "pytest.ini"), "--rootdir", str(ws), "--timeout", "120",
            f"--grader-submission-dir={ws / 'submission'}", f"--explore-salt={meta['id']}", f"--explore-seed={seed}",
            *groups,
        ]  # fmt: skip
        start = time.perf_counter()
        proc = subprocess.run(argv, cwd=ws, env=env, capture_output=True, timeout=600)
        seconds = time.perf_counter() - start
        data = json.loads(out.read_text()) if out.exists() else {"explore": [], "outcomes": {}, "exitstatus": -1}
    failed = sorted(n for n, o in data["outcomes"].items() if o != "passed")
    return {
        "seed": seed,
        "seconds": round(seconds, 2),
        "returncode": proc.returncode,
        "failed_tests": failed,
        "failures": [r for r in data["explore"] if "failure" in r],
        "schedules": sum(r.get("runs", 0) for r in data["explore"]),
        "executed": sum(r["executed"] for r in data["explore"]),
        "explore_calls": len(data["explore"]),
        "exhaustive_calls": sum(1 for r in data["explore"] if r.get("exhaustive")),
        "strategies": _sum_strategies(data["explore"]),
        "tail": proc.stdout.decode(errors="replace")[-1500:] if failed or proc.returncode else "",
    }


def _sum_strategies(records: list[dict[str, Any]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for record in records:
        for name, n in record.get("strategies", {}).items():
            total[name] = total.get(name, 0) + n
    return total


def phase_schedules(numbers: list[str], seeds: int) -> dict[str, Any]:
    out: dict[str, Any] = {"seeds": seeds, "exercises": {}}
    for number in numbers:
        meta = _meta(number)
        rows = []
        for name, path, expected in submissions(exercise_folder(number)):
            if expected:
                continue
            for seed in range(seeds):
                run = _count_run(number, path, seed)
                rows.append({"submission": name, **run})
                print(f"schedules {meta['id']} {name} seed {seed}: {run['schedules']} schedules, "
                      f"failed {run['failed_tests'] or 'none'}, {run['seconds']} s", flush=True)  # fmt: skip
        out["exercises"][meta["id"]] = {
            "runs": rows,
            "schedules": sum(r["schedules"] for r in rows),
            "failed_runs": sum(1 for r in rows if r["failed_tests"] or r["returncode"] != 0),
            "strategies": _sum_strategies(rows),  # type: ignore[arg-type]
        }
    return out


def _fingerprint(result: dict[str, Any]) -> str:
    tests = [
        {
            "name": t["name"],
            "status": t["status"],
            "score": t["score"],
            "message": t["message"],
            "diagnosis": None if not t.get("diagnosis") else {k: t["diagnosis"].get(k) for k in ("kind", "message",
                                                                                                 "hint", "replay")},
        }
        for t in result["tests"]
    ]  # fmt: skip
    return json.dumps({"score": result["score"], "full_marks": result["full_marks"], "tests": tests}, sort_keys=True)


def _regrade(number: str, submission: Path, regrades: int) -> dict[str, Any]:
    from grader import catalog
    from grader import runner

    exercise = catalog.resolve(catalog.load_catalog(ROOT), number)
    prints: list[str] = []
    seconds: list[float] = []
    for _ in range(regrades):
        start = time.perf_counter()
        result = runner.grade(exercise, submission, seed=0).to_dict()
        seconds.append(time.perf_counter() - start)
        prints.append(_fingerprint(result))
    distinct = list(dict.fromkeys(prints))
    first = json.loads(prints[0])
    return {
        "exercise": exercise.id,
        "submission": str(submission.relative_to(ROOT)),
        "regrades": regrades,
        "identical_to_first": prints.count(prints[0]),
        "distinct_verdicts": len(distinct),
        "verdicts": [json.loads(d) for d in distinct] if len(distinct) > 1 else [],
        "counts": [prints.count(d) for d in distinct],
        "score": first["score"],
        "kinds": sorted({t["diagnosis"]["kind"] for t in first["tests"] if t["diagnosis"]}),
        "seconds_median": round(statistics.median(seconds), 3),
        "seconds_p95": round(p95(seconds), 3),
    }


def phase_determinism(pairs: list[tuple[str, Path]], regrades: int, workers: int) -> dict[str, Any]:
    """Every submission graded `regrades` times with seed 0, `workers` submissions at a time."""
    from concurrent.futures import ThreadPoolExecutor

    def one(pair: tuple[str, Path]) -> dict[str, Any]:
        row = _regrade(pair[0], pair[1], regrades)
        print(f"determinism {row['exercise']} {row['submission']}: {row['identical_to_first']}/{regrades} "
              f"identical", flush=True)  # fmt: skip
        return row

    with ThreadPoolExecutor(workers) as pool:  # each grading runs in its own sandboxed child process
        rows = list(pool.map(one, pairs))
    return {
        "regrades": regrades,
        "workers": workers,
        "submissions": rows,
        "all_identical": sum(r["distinct_verdicts"] == 1 for r in rows),
    }


def _deadlock_scenario(explore_threading: Any) -> Any:
    def scenario(deadlock: Any) -> None:
        log: list[Any] = []
        one = explore_threading.Thread(target=deadlock.func1, args=(log,), name="caller-1")
        two = explore_threading.Thread(target=deadlock.func2, args=(log,), name="caller-2")
        one.start()
        two.start()
        one.join()
        two.join()

    return scenario


def phase_deadlock(runs: int, repeats: int) -> dict[str, Any]:
    from grader.explorer import search
    from grader.explorer.errors import ExplorationFailure
    from grader.explorer.explore import Explorer

    stub = exercise_folder("02") / "deadlock.py"
    sys.path.insert(0, str(stub.parent))
    timings: list[dict[str, Any]] = []
    original = search.run_schedule

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = original(*args, **kwargs)
        timings.append({
            "seconds": time.perf_counter() - start, "kind": result.failure.kind if result.failure else None,
            "steps": result.steps,
        })  # fmt: skip
        return result

    search.run_schedule = timed  # type: ignore[assignment]
    inside = []
    try:
        for seed in range(runs):
            timings.clear()
            explorer = Explorer("bench/explorer.py::deadlock_stub", salt="exercise-02", seed=seed)
            start = time.perf_counter()
            kind = None
            try:
                explorer(_deadlock_scenario(explorer.threading), module="deadlock")
            except ExplorationFailure as exc:
                kind = exc.grader_diagnosis["kind"]
            total = time.perf_counter() - start
            first = next((i for i, t in enumerate(timings) if t["kind"] == "deadlock"), None)
            inside.append({
                "seed": seed, "kind": kind, "call_seconds": round(total, 4),
                "schedules_until_deadlock": None if first is None else first + 1,
                "deadlocking_run_seconds": None if first is None else round(timings[first]["seconds"], 4),
                "deadlocking_run_steps": None if first is None else timings[first]["steps"],
                "before_first_deadlock_seconds": None if first is None else round(
                    sum(t["seconds"] for t in timings[: first + 1]), 4),
            })  # fmt: skip
    finally:
        search.run_schedule = original  # type: ignore[assignment]
        sys.path.remove(str(stub.parent))
    grade_runs = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run([str(VENV / "bin" / "grade"), "02", "--submission", str(stub), "--json",
                            f"{tmp}/r.json"], capture_output=True)  # fmt: skip
            seconds = time.perf_counter() - start
            result = json.loads(Path(f"{tmp}/r.json").read_text())
        kinds = sorted({t["diagnosis"]["kind"] for t in result["tests"] if t.get("diagnosis")})
        grade_runs.append({"seconds": round(seconds, 3), "kinds": kinds, "score": result["score"],
                           "child_seconds": result["run"]["duration"]})  # fmt: skip
    pytest_runs = []
    suite = ROOT / "bench" / "stress"
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(stub, Path(tmp) / "deadlock.py")
            env = {**os.environ, "PYTHONPATH": tmp, "PYTHONDONTWRITEBYTECODE": "1"}
            start = time.perf_counter()
            proc = subprocess.run(
                [str(BENCH_VENV / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--count=20",
                 f"--timeout={STRESS_TIMEOUT}", "-x", "--rootdir", str(suite), str(suite / "test_stress_02.py")],
                capture_output=True, env=env, cwd=tmp, timeout=300,
            )  # fmt: skip
            seconds = time.perf_counter() - start
        out = proc.stdout.decode(errors="replace")
        pytest_runs.append({"seconds": round(seconds, 3), "returncode": proc.returncode, "timeout": "Timeout" in out})
    found = [r for r in inside if r["deadlocking_run_seconds"] is not None]
    return {
        "inside": inside,
        "inside_summary": {
            "explore_calls": len(inside),
            "reported_deadlock": sum(1 for r in inside if r["kind"] == "deadlock"),
            "deadlocking_run_seconds_median": _med([r["deadlocking_run_seconds"] for r in found]),
            "deadlocking_run_seconds_max": max((r["deadlocking_run_seconds"] for r in found), default=None),
            "call_seconds_median": _med([r["call_seconds"] for r in inside]),
            "call_seconds_max": max(r["call_seconds"] for r in inside),
            "schedules_until_deadlock_max": max((r["schedules_until_deadlock"] for r in found), default=None),
        },
        "grade_stub": grade_runs,
        "pytest_timeout": pytest_runs,
        "grade_seconds_median": _med([r["seconds"] for r in grade_runs]),
        "pytest_timeout_seconds_median": _med([r["seconds"] for r in pytest_runs]),
        "stress_timeout": STRESS_TIMEOUT,
    }


def _med(values: list[Any]) -> float | None:
    return round(statistics.median(values), 4) if values else None


def phase_timing(numbers: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    doc: dict[str, Any] = {"exercises": out}
    for number in numbers:
        meta = _meta(number)
        rows = []
        for name, path, expected in submissions(exercise_folder(number)):
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                proc = subprocess.run([str(VENV / "bin" / "grade"), meta["id"], "--submission", str(path),
                                       "--json", f"{tmp}/r.json"], capture_output=True)  # fmt: skip
                seconds = time.perf_counter() - start
                result = json.loads(Path(f"{tmp}/r.json").read_text())
            rows.append({"submission": name, "correct": not expected, "seconds": round(seconds, 3),
                         "returncode": proc.returncode, "score": result["score"],
                         "load": round(os.getloadavg()[0], 2)})  # fmt: skip
            print(f"timing {meta['id']} {name}: {seconds:.2f} s", flush=True)
        secs = [r["seconds"] for r in rows]
        out[meta["id"]] = {
            "gradings": rows,
            "median": round(statistics.median(secs), 3),
            "p95": round(p95(secs), 3),
            "max": round(max(secs), 3),
        }
    return doc


# -- tables -------------------------------------------------------------------------------------------------


def report(doc: dict[str, Any]) -> str:
    lines: list[str] = []
    if "schedules" in doc:
        s = doc["schedules"]
        lines += [
            f"Correct submissions, seeds 0..{s['seeds'] - 1}:",
            "",
            "| exercise | correct submissions x seeds | explored schedules | pytest runs with a failure | strategies |",
            "|---|---|---|---|---|",
        ]
        for exercise, e in s["exercises"].items():
            strategies = ", ".join(f"{k} {v}" for k, v in sorted(e["strategies"].items()))
            lines.append(f"| {exercise} | {len(e['runs'])} | {e['schedules']} | {e['failed_runs']} | {strategies} |")
        lines.append("")
    if "determinism" in doc:
        d = doc["determinism"]
        rows = d.get("submissions", [d])
        lines += [
            f"Determinism: {len(rows)} submission(s), each graded {d['regrades']} times with seed 0; "
            f"{sum(r['distinct_verdicts'] == 1 for r in rows)}/{len(rows)} gave the identical verdict every time.",
            "",
            "| exercise | submission | identical to the first | distinct verdicts | score | kinds | median | p95 |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in rows:
            lines.append(
                f"| {r['exercise']} | {r['submission']} | {r['identical_to_first']}/{r['regrades']} | "
                f"{r['distinct_verdicts']} | {r['score']:g} | {', '.join(r['kinds']) or '-'} | "
                f"{r['seconds_median']} s | {r['seconds_p95']} s |"
            )
        lines.append("")
    if "deadlock" in doc:
        d = doc["deadlock"]
        i = d["inside_summary"]
        lines += [
            "| deadlock latency | median | max | n |",
            "|---|---|---|---|",
            f"| explorer: one schedule, start to deadlock verdict | {i['deadlocking_run_seconds_median']} s | "
            f"{i['deadlocking_run_seconds_max']} s | {i['explore_calls']} |",
            f"| explorer: whole explore() call to the reported deadlock (with shrinking) | {i['call_seconds_median']} s "
            f"| {i['call_seconds_max']} s | {i['explore_calls']} |",
            f"| `grade 02` of the stub (CLI, whole grading) | {d['grade_seconds_median']} s | "
            f"{max(r['seconds'] for r in d['grade_stub'])} s | {len(d['grade_stub'])} |",
            f"| plain pytest + pytest-timeout ({d['stress_timeout']} s) on the stub | "
            f"{d['pytest_timeout_seconds_median']} s | {max(r['seconds'] for r in d['pytest_timeout'])} s | "
            f"{len(d['pytest_timeout'])} |",
            "",
            f"Explore calls reporting `deadlock`: {i['reported_deadlock']}/{i['explore_calls']}; schedules until the "
            f"first deadlock, at most {i['schedules_until_deadlock_max']}. Ratio whole grading / pytest-timeout: "
            f"{d['grade_seconds_median'] / d['pytest_timeout_seconds_median']:.2f}.",
            "",
        ]
    if "timing" in doc:
        lines += ["| exercise | gradings (CLI) | median | p95 | max |", "|---|---|---|---|---|"]
        all_secs = []
        for exercise, t in doc["timing"]["exercises"].items():
            all_secs += [g["seconds"] for g in t["gradings"]]
            lines.append(f"| {exercise} | {len(t['gradings'])} | {t['median']} s | {t['p95']} s | {t['max']} s |")
        if all_secs:
            lines.append(f"| all | {len(all_secs)} | {statistics.median(all_secs):.3f} s | {p95(all_secs):.3f} s | "
                         f"{max(all_secs):.3f} s |")  # fmt: skip
    return "\n".join(lines)


def _determinism_pairs(args: argparse.Namespace) -> list[tuple[str, Path]]:
    if args.determinism_submissions:
        # solutions/NN_slug/...: the exercise is the folder's number.
        return [(p.resolve().relative_to(ROOT / "solutions").parts[0][:2], p.resolve())
                for p in args.determinism_submissions]  # fmt: skip
    return [(n, path) for n in args.exercises for _name, path, _kinds in submissions(exercise_folder(n))]


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmarks of the schedule explorer")
    parser.add_argument("--phases", nargs="*", default=list(PHASES), choices=PHASES)
    parser.add_argument("--exercises", nargs="*", default=["01", "02", "03", "04"])
    parser.add_argument("--seeds", type=int, default=3, help="schedules phase: seeds per correct submission")
    parser.add_argument("--regrades", type=int, default=100, help="determinism phase: gradings")
    parser.add_argument(
        "--determinism-submissions",
        type=Path,
        nargs="*",
        default=None,
        help="determinism phase: these files (default: every known submission of --exercises)",
    )
    parser.add_argument("--workers", type=int, default=2, help="determinism phase: submissions at a time")
    parser.add_argument("--deadlock-runs", type=int, default=30, help="deadlock phase: explore() calls (seeds)")
    parser.add_argument("--deadlock-repeats", type=int, default=3, help="deadlock phase: gradings / pytest runs")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "explorer.json")
    parser.add_argument("--report", action="store_true", help="only print the tables of --out")
    args = parser.parse_args()
    doc = json.loads(args.out.read_text()) if args.out.exists() else {}
    if args.report:
        print(report(doc))
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for phase in args.phases:
        before = machine()
        if phase == "schedules":
            result = phase_schedules(args.exercises, args.seeds)
        elif phase == "determinism":
            result = phase_determinism(_determinism_pairs(args), args.regrades, args.workers)
        elif phase == "deadlock":
            result = phase_deadlock(args.deadlock_runs, args.deadlock_repeats)
        else:
            result = phase_timing(args.exercises)
        result["command"] = " ".join([Path(sys.executable).name, *sys.argv])
        result["machine_start"] = before
        result["machine_end"] = machine()
        doc[phase] = result
        args.out.write_text(json.dumps(doc, indent=1))
    print(report(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
