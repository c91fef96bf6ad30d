"""The hostile corpus: every submission in resources/submissions, graded in full and in fallback isolation.

Each file says on its first lines what it must get: `# expect: KIND[|KIND...]` (or `pass` for the controls),
optionally `# modes: full` (what fallback mode cannot contain) and `# bound: SECONDS` (default 15). Every case
checks: the grading returns within its bound, with exit code 1 and a diagnosis of an expected kind; no
process of the grading is left alive; and the reference solution still gets full marks right after.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from grader import cli
from grader import isolation
from grader import sandbox

RESOURCES = Path(__file__).parent / "resources"
ROOT = RESOURCES / "root"
SUBMISSIONS = RESOURCES / "submissions"
REFERENCE = ROOT / "solutions" / "01_target" / "target.py"
MODES = ("full", "fallback")


@dataclass(frozen=True)
class Case:
    path: Path
    expect: frozenset[str]
    modes: tuple[str, ...]
    bound: float

    @property
    def name(self) -> str:
        return self.path.stem


def _header(text: str, key: str) -> str | None:
    found = re.search(rf"^# {key}: *(.+)$", text, re.MULTILINE)
    return found[1].strip() if found else None


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(SUBMISSIONS.glob("*.py")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        expect = _header(text, "expect")
        assert expect, f"{path.name}: no '# expect:' line"
        modes = _header(text, "modes")
        cases.append(
            Case(
                path,
                frozenset(expect.split("|")),
                tuple(modes.split(",")) if modes else MODES,
                float(_header(text, "bound") or 15),
            )
        )
    return cases


CASES = load_cases()


full_mode_problem = isolation.full_problem


def grade(path: Path, mode: str) -> tuple[int, dict, float]:
    out = io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(out):
        code = cli.main(["1", "--submission", str(path), "--root", str(ROOT), "--isolation", mode, "--json", "-"])
    return code, json.loads(out.getvalue()), time.monotonic() - started


def live_descendants() -> set[int]:
    """Live processes below this test process (with the subreaper, orphans of a grading come here too)."""
    table = sandbox.process_table()
    children: dict[int, list[int]] = {}
    for entry in table:
        children.setdefault(entry.ppid, []).append(entry.pid)
    state = {entry.pid: entry.state for entry in table}
    found: set[int] = set()
    stack = [os.getpid()]
    while stack:
        for child in children.get(stack.pop(), ()):
            found.add(child)
            stack.append(child)
    return {pid for pid in found if state.get(pid) not in ("Z", "X")}


def assert_nothing_left() -> None:
    deadline = time.monotonic() + 3
    while (left := live_descendants()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"processes left alive: {left}"


LOAD_SLACK = 30.0  # seconds; see test_hostile_submission


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    if request.param == "full":
        problem = full_mode_problem()
        if problem:
            print(f"full isolation unavailable: {problem}")
            pytest.skip(f"full isolation unavailable here: {problem}")
    return str(request.param)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_submission(case: Case, mode: str) -> None:
    if mode not in case.modes:
        pytest.skip(f"{case.name}: not contained in {mode} mode (see README)")
    code, result, elapsed = grade(case.path, mode)
    kinds = {test["diagnosis"]["kind"] for test in result["tests"] if test["diagnosis"]}
    summary = [
        (t["name"].rpartition("::")[2], t["status"], t["diagnosis"] and t["diagnosis"]["kind"]) for t in result["tests"]
    ]
    # The bound is what an idle machine needs; the slack keeps a loaded CI machine from failing a grading
    # that was contained, while a grading that was not (a hang nobody killed) still runs far past it.
    assert elapsed < case.bound + LOAD_SLACK, f"took {elapsed:.1f} s"
    if case.expect == {"pass"}:
        assert code == 0, summary
    else:
        assert code == 1, summary
        assert kinds & case.expect, f"expected {sorted(case.expect)}, got {summary}"
    text = json.dumps(result)
    assert "\\u001b" not in text and "\\u0000" not in text  # sanitised where output enters the results
    assert_nothing_left()
    code, after, _ = grade(REFERENCE, mode)
    assert code == 0, after["tests"]
    assert_nothing_left()


def test_full_mode_fails_loudly_when_unavailable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(isolation, "bwrap_problem", lambda: "bubblewrap (bwrap) is not installed")
    code = cli.main(["1", "--submission", str(REFERENCE), "--root", str(ROOT), "--isolation", "full"])
    assert code == cli.EXIT_GRADER_FAILED
    assert "full isolation was requested but bubblewrap" in capsys.readouterr().err


def test_the_corpus_is_large_enough() -> None:
    assert len([case for case in CASES if case.expect != {"pass"}]) >= 25
