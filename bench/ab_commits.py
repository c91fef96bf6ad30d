"""The same gradings by two installs of the grader (two commits), interleaved: the ratio of their wall times.

Each install is a venv with the grader installed from a checkout of its commit (`pip install -e CHECKOUT`).
Both grade the same files against the same catalogue (`--root`), in fallback isolation, one grading after the
other per file and round, so that machine load hits both alike.

    git worktree add BASE_CHECKOUT BASE && python3 -m venv BASE_VENV && BASE_VENV/bin/pip install -e BASE_CHECKOUT
    .venv/bin/python bench/ab_commits.py --base BASE_VENV/bin/python --head .venv/bin/python --root BASE_CHECKOUT \\
        [--rounds 3] [--out bench/results/ab-commits.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

FILES = [
    ("1", "solutions/01_bank_balance/bank.py"),
    ("2", "solutions/02_deadlock/deadlock.py"),
    ("3", "solutions/03_semaphore_pool/pool.py"),
    ("4", "solutions/04_sentinel_pipeline/pipeline.py"),
    ("1", "solutions/01_bank_balance/wrong/lock_deposit_only.py"),
]


def grade(python: str, root: Path, exercise: str, path: str) -> tuple[float, float]:
    argv = [python, "-m", "grader", exercise, "--submission", str(root / path), "--root", str(root)]
    started = time.perf_counter()
    done = subprocess.run(
        [*argv, "--json", "-", "--isolation", "fallback"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"},
        cwd="/tmp",
        check=False,
    )
    return time.perf_counter() - started, float(json.loads(done.stdout)["score"])


def _relative(arg: str) -> str:
    here = Path.cwd()
    path = Path(arg)
    return str(path.resolve().relative_to(here)) if path.is_absolute() and path.resolve().is_relative_to(here) else arg


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="python of the venv with the base commit's grader")
    parser.add_argument("--head", required=True, help="python of the venv with the commit measured")
    parser.add_argument("--root", type=Path, required=True, help="catalogue both grade against")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench/results/ab-commits.json"))
    args = parser.parse_args()
    rows = []
    for round_ in range(args.rounds):
        for exercise, path in FILES:
            for name, python in (("base", args.base), ("head", args.head)):
                seconds, score = grade(python, args.root, exercise, path)
                rows.append(
                    {"round": round_, "install": name, "file": path, "seconds": round(seconds, 3), "score": score}
                )
                print(f"{name} {path}: {score} in {seconds:.2f} s", flush=True)
    total = {name: sum(float(r["seconds"]) for r in rows if r["install"] == name) for name in ("base", "head")}
    same = all(
        a["score"] == b["score"] for a, b in zip(rows[::2], rows[1::2], strict=True)
    )  # the verdict must not change
    report = {
        # Paths inside this checkout are kept relative; the base's scratch folders are the reader's to choose.
        "command": " ".join(["bench/ab_commits.py", *(_relative(arg) for arg in sys.argv[1:])]),
        "total_seconds": total,
        "median_seconds": {
            name: statistics.median(float(r["seconds"]) for r in rows if r["install"] == name) for name in total
        },
        "head_over_base": round(total["head"] / total["base"], 3),
        "same_scores": same,
        "rows": rows,
    }
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "rows"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
