"""Forging and leaking cases of the hostile corpus, graded 20 times each: the verdict is the same every time.

Forging detection that depends on chance (where a control test lands, which process the kernel runs first) is
no detection: every case that expects `tampering` must get it in every grading, every leaking case must get
`leaked_process` in every grading, and the controls must get full marks in every grading. The same cases are
also graded by `grade` running as PID 1 of a fresh PID namespace (`unshare --pid --fork --mount-proc`), the way
container-based graders run it (in fallback isolation, as containers seldom allow bubblewrap).

`HOSTILE_REPEAT` changes the number of gradings (default 20).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_hostile import CASES
from test_hostile import MODES
from test_hostile import Case
from test_hostile import assert_nothing_left
from test_hostile import full_mode_problem

REPEAT = int(os.environ.get("HOSTILE_REPEAT", "20"))
REPO = Path(__file__).resolve().parents[2]
WATCHED = ("tampering", "leaked_process")
# Forging and leaking cases and the controls; not the resource bombs, whose kind depends on which limit a
# machine hits first and whose gradings take their whole bound.
FORGING_OR_LEAKING = {*WATCHED, "wrong_result", "error", "crash"}
SELECTED = [
    case
    for case in CASES
    if (case.expect & set(WATCHED) and case.expect <= FORGING_OR_LEAKING) or case.expect == {"pass"}
]


def _check(case: Case, outcomes: list[dict[str, object]]) -> None:
    """Every grading: full marks for a control; otherwise exit 1, no full marks, and a diagnosis of a kind the
    case expects (for a case that expects one kind, that kind every time)."""
    assert len(outcomes) == REPEAT
    for i, outcome in enumerate(outcomes):
        kinds = set(outcome["kinds"])  # type: ignore[call-overload]
        if case.expect == {"pass"}:
            assert outcome["code"] == 0, f"grading {i + 1} of {REPEAT}: {outcome}"
        else:
            assert outcome["code"] == 1 and not outcome["full_marks"], f"grading {i + 1} of {REPEAT}: {outcome}"
            assert kinds & case.expect, f"grading {i + 1} of {REPEAT}: expected {sorted(case.expect)}, got {outcome}"


def _mode(mode: str, case: Case) -> None:
    if mode not in case.modes:
        pytest.skip(f"{case.name}: not contained in {mode} mode (see README)")
    if mode == "full" and full_mode_problem():
        pytest.skip(f"full isolation unavailable here: {full_mode_problem()}")


@pytest.mark.timeout(900)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", SELECTED, ids=[case.name for case in SELECTED])
def test_the_verdict_is_the_same_every_time(case: Case, mode: str) -> None:
    _mode(mode, case)
    import repeat

    _check(case, repeat.grade_repeatedly(case.path, mode, REPEAT))
    assert_nothing_left()


def _namespace_problem() -> str:
    if not sys.platform.startswith("linux"):
        return "PID namespaces are Linux only"
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    probe = subprocess.run(_unshare(["true"]), capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        return f"unshare cannot make a PID namespace here: {probe.stderr.strip()[:200]}"
    return ""


def _unshare(argv: list[str]) -> list[str]:
    # As root the namespace is made directly; otherwise inside a user namespace where this user is root.
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    return ["unshare", *user, "--pid", "--fork", "--mount-proc", *argv]


@pytest.mark.timeout(900)
@pytest.mark.parametrize("mode", ["fallback"])  # a container seldom runs bubblewrap: its graders run without
@pytest.mark.parametrize("case", SELECTED, ids=[case.name for case in SELECTED])
def test_as_pid_1_of_a_fresh_pid_namespace(case: Case, mode: str) -> None:
    _mode(mode, case)
    problem = _namespace_problem()
    if problem:
        print(f"SKIPPED: {problem}")
        pytest.skip(problem)
    script = [
        sys.executable,
        str(Path(__file__).with_name("repeat.py")),
        str(case.path),
        mode,
        str(REPEAT),
        "--expect-pid-1",
    ]
    done = subprocess.run(_unshare(script), capture_output=True, text=True, cwd=REPO, timeout=850)
    assert done.returncode == 0, done.stderr[-3000:]
    _check(case, json.loads(done.stdout))
