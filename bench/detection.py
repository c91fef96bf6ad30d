"""Detection benchmark: the schedule explorer against plain stress and frontrun, side by side in one run.

For every exercise and every known submission (reference, alternative correct ones, known-wrong ones), each
tool grades it --runs times. A wrong submission is caught when the tool fails it; for the explorer, the kind
must also be one of the variant's expected kinds. A correct submission that a tool fails is a false failure.

    python3 bench/detection.py --runs 20 --out bench/results/detection.json

needs the project's venv (`.venv`, see README) and a second venv for the baselines, made on first use:
`.bench-venv` with pytest-repeat, pytest-timeout and frontrun.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BENCH_VENV = ROOT / ".bench-venv"
STRESS_TIMEOUT = 10
STRESS_COUNT = 20
FRONTRUN_TESTS = {"01": "test_bank_01", "02": "test_deadlock_02", "03": "test_pool_03", "04": "test_pipeline_04"}


@dataclass
class Cell:
    """What one tool did with one submission over all runs."""

    failed: int = 0
    right_kind: int = 0
    runs: int = 0
    seconds: float = 0.0
    kinds: dict[str, int] = field(default_factory=dict)


@dataclass
class Row:
    exercise: str
    submission: str
    expected: list[str]
    explorer: Cell = field(default_factory=Cell)
    stress: Cell = field(default_factory=Cell)
    frontrun: Cell = field(default_factory=Cell)


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


def run_explorer(exercise: str, path: Path, cell: Cell, expected: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        start = time.perf_counter()
        proc = subprocess.run(
            [str(VENV / "bin" / "grade"), exercise, "--submission", str(path), "--json", str(out)],
            capture_output=True,
        )
        cell.seconds += time.perf_counter() - start
        cell.runs += 1
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"grade failed on {path}: {proc.stderr.decode()[-2000:]}")
        result = json.loads(out.read_text())
        kinds = {t["diagnosis"]["kind"] for t in result["tests"] if t.get("diagnosis")}
        if result["score"] < result["max_score"]:
            cell.failed += 1
            if set(expected) & kinds:
                cell.right_kind += 1
        for kind in kinds:
            cell.kinds[kind] = cell.kinds.get(kind, 0) + 1


def _with_submission(path: Path, filename: str) -> tempfile.TemporaryDirectory[str]:
    tmp = tempfile.TemporaryDirectory()
    shutil.copy(path, Path(tmp.name) / filename)
    return tmp


def run_stress(number: str, filename: str, path: Path, cell: Cell) -> None:
    with _with_submission(path, filename) as tmp:
        env = {**os.environ, "PYTHONPATH": tmp, "PYTHONDONTWRITEBYTECODE": "1"}
        start = time.perf_counter()
        proc = subprocess.run(
            [
                str(bench_python()), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                f"--count={STRESS_COUNT}", f"--timeout={STRESS_TIMEOUT}", "-x",
                "--rootdir", str(ROOT / "bench" / "stress"), str(ROOT / "bench" / "stress" / f"test_stress_{number}.py"),
            ],
            capture_output=True, env=env, cwd=tmp,
        )  # fmt: skip
        cell.seconds += time.perf_counter() - start
        cell.runs += 1
        if proc.returncode != 0:
            cell.failed += 1


def run_frontrun(number: str, filename: str, path: Path, cell: Cell) -> None:
    with _with_submission(path, filename) as tmp:
        env = {**os.environ, "PYTHONPATH": tmp, "PYTHONDONTWRITEBYTECODE": "1"}
        test = ROOT / "bench" / "frontrun" / "test_frontrun_suite.py"
        start = time.perf_counter()
        proc = subprocess.run(
            [
                str(BENCH_VENV / "bin" / "frontrun"), str(bench_python()), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "--timeout=60", "--rootdir", str(test.parent), f"{test}::{FRONTRUN_TESTS[number]}",
            ],
            capture_output=True, env=env, cwd=tmp,
        )  # fmt: skip
        cell.seconds += time.perf_counter() - start
        cell.runs += 1
        # Exit 0 = passed; exit 1 = a test failed; anything else (skipped, inconclusive, errors) is not a catch.
        if proc.returncode == 1:
            cell.failed += 1


def main() -> int:
    parser = argparse.ArgumentParser(description="Compare the explorer with stress testing and frontrun")
    parser.add_argument("--runs", type=int, default=20, help="Gradings per submission and tool")
    parser.add_argument("--exercises", nargs="*", default=["01", "02", "03", "04"], help="Exercise numbers")
    parser.add_argument("--tools", nargs="*", default=["explorer", "stress", "frontrun"], help="Tools to run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "detection.json")
    args = parser.parse_args()
    bench_python()
    rows: list[Row] = []
    for number in args.exercises:
        folder = next((ROOT / "exercises").glob(f"{number}_*"))
        meta = tomllib.loads((folder / "exercise.toml").read_text())
        for name, path, expected in submissions(folder):
            row = Row(meta["id"], name, expected)
            for _ in range(args.runs):
                if "explorer" in args.tools:
                    run_explorer(meta["id"], path, row.explorer, expected)
                if "stress" in args.tools:
                    run_stress(number, meta["submission"], path, row.stress)
                if "frontrun" in args.tools:
                    run_frontrun(number, meta["submission"], path, row.frontrun)
            rows.append(row)
            print(f"{row.exercise} {name:32} explorer {row.explorer.failed}/{row.explorer.runs} "
                  f"stress {row.stress.failed}/{row.stress.runs} frontrun {row.frontrun.failed}/{row.frontrun.runs}",
                  flush=True)  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps([asdict(r) for r in rows], indent=1))
    print(summary(rows, args.tools))
    return 0


def summary(rows: list[Row], tools: list[str]) -> str:
    lines = ["| tool | wrong caught on every run | wrong runs caught | right kind | false failures (runs) | wall time |",
             "|---|---|---|---|---|---|"]  # fmt: skip
    for tool in tools:
        wrong = [getattr(r, tool) for r in rows if r.expected]
        right = [getattr(r, tool) for r in rows if not r.expected]
        always = sum(1 for c in wrong if c.runs and c.failed == c.runs)
        caught = sum(c.failed for c in wrong)
        total = sum(c.runs for c in wrong)
        kind = sum(c.right_kind for c in wrong) if tool == "explorer" else "-"
        false = sum(c.failed for c in right)
        seconds = sum(c.seconds for c in wrong + right)
        lines.append(f"| {tool} | {always}/{len(wrong)} | {caught}/{total} | {kind} | {false}/{sum(c.runs for c in right)} "
                     f"| {seconds:.0f} s |")  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
