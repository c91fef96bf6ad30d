"""Grade one hostile submission N times in this process and print what each grading got, as JSON.

    python tests/hostile/repeat.py SUBMISSION MODE N [--expect-pid-1]

Used by tests/hostile/test_repeated.py, in-process and as PID 1 of a fresh PID namespace.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

from grader import cli

ROOT = Path(__file__).parent / "resources" / "root"


def grade_repeatedly(path: Path, mode: str, times: int) -> list[dict[str, Any]]:
    outcomes = []
    for seed in range(times):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            argv = ["1", "--submission", str(path), "--root", str(ROOT), "--isolation", mode, "--seed", str(seed)]
            code = cli.main([*argv, "--json", "-"])
        result = json.loads(out.getvalue())
        kinds = sorted({t["diagnosis"]["kind"] for t in result["tests"] if t["diagnosis"]})
        outcomes.append({"code": code, "score": result["score"], "full_marks": result["full_marks"], "kinds": kinds})
    return outcomes


def main(argv: list[str]) -> int:
    path, mode, times = Path(argv[0]), argv[1], int(argv[2])
    if "--expect-pid-1" in argv and os.getpid() != 1:
        print(f"expected to run as PID 1, not {os.getpid()}", file=sys.stderr)
        return 2
    print(json.dumps(grade_repeatedly(path, mode, times)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
