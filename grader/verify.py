"""`grade verify`: checks that each exercise's tests tell right submissions from wrong ones.

For every exercise: the reference solution and every `alt/` solution must get full marks in every run; the
stub must not; every `wrong/` submission must miss full marks with at least one diagnosis of a kind named on
its `# expect: A|B` first line, in every run, and score at most the exercise's cap (60 % by default: a
concurrency bug costs the majority of the points). Run i uses seed i, so several runs also try several schedules.
A wrong submission that slips through is reported as NOT CAUGHT, never hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader import runner
from grader import scoring
from grader.catalog import Exercise
from grader.results import GradingResult

EXPECT_RE = re.compile(r"^#\s*expect:\s*(?P<kinds>[A-Za-z_|\s]+?)\s*$")
FULL = "full marks"
NOT_FULL = "not full marks"

OK = "ok"
NOT_CAUGHT = "NOT CAUGHT"
WRONG_KIND = "wrong kind"
TOO_HIGH = "scores above the cap"
FALSE_FAILURE = "false failure"
MISSING = "missing"
NO_EXPECT = "no expect line"

Grade = Callable[..., GradingResult]


@dataclass(frozen=True)
class Candidate:
    """One submission to grade and what it should get."""

    exercise: Exercise
    label: str
    path: Path
    expected: str
    kinds: tuple[str, ...] = ()
    wrong: bool = False


@dataclass(frozen=True)
class Row:
    """The verdict on one candidate over all runs."""

    exercise: str
    submission: str
    expected: str
    got: str
    runs_ok: int
    runs: int
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "submission": self.submission,
            "expected": self.expected,
            "got": self.got,
            "runs_ok": self.runs_ok,
            "runs": self.runs,
            "verdict": self.verdict,
        }


def expected_kinds(path: Path) -> tuple[str, ...]:
    """The kinds on a wrong submission's `# expect: A|B` first line (empty if there is none)."""
    try:
        first = path.read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError, UnicodeDecodeError):
        return ()
    match = EXPECT_RE.match(first.strip())
    if match is None:
        return ()
    return tuple(kind.strip() for kind in match["kinds"].split("|") if kind.strip())


def candidates(exercise: Exercise, root: Path) -> list[Candidate]:
    """Everything `verify` grades for one exercise, in a stable order."""

    def label(path: Path) -> str:
        try:
            return str(path.relative_to(root))
        except ValueError:
            return str(path)

    reference = exercise.solutions / exercise.submission
    found = [Candidate(exercise, label(reference), reference, FULL)]
    found += [Candidate(exercise, label(p), p, FULL) for p in sorted((exercise.solutions / "alt").glob("*.py"))]
    found.append(Candidate(exercise, label(exercise.stub), exercise.stub, NOT_FULL))
    for path in sorted((exercise.solutions / "wrong").glob("*.py")):
        found.append(Candidate(exercise, label(path), path, NOT_FULL, expected_kinds(path), wrong=True))
    return found


def summary(result: GradingResult) -> str:
    """`score/max` plus the failure kinds, e.g. `2.5/10 timeout,wrong_result`."""
    kinds = sorted({case.diagnosis.kind for case in result.failures if case.diagnosis})
    text = f"{result.score:g}/{result.max_score:g}"
    return f"{text} {','.join(kinds)}" if kinds else text


def judge(candidate: Candidate, result: GradingResult) -> str:
    """The verdict of one run."""
    if candidate.expected == FULL:
        return OK if result.full_marks else FALSE_FAILURE
    if result.full_marks:
        return NOT_CAUGHT
    if not candidate.kinds:
        return OK
    seen = {case.diagnosis.kind for case in result.failures if case.diagnosis}
    if not seen & set(candidate.kinds):
        return WRONG_KIND
    # A known concurrency bug must cost the majority of the points (docs/contracts.md, "Scoring").
    limit = scoring.cap_limit(candidate.exercise.points, candidate.exercise.scoring.cap)
    return TOO_HIGH if candidate.wrong and result.score > limit else OK


def check(candidate: Candidate, runs: int, grade: Grade) -> Row:
    """Grade one candidate `runs` times (seeds 0..runs-1) and combine the verdicts; the worst one wins."""
    expected = candidate.expected
    if candidate.kinds:
        expected = f"{NOT_FULL}: {'|'.join(candidate.kinds)}"
    name = candidate.exercise.id
    if not candidate.path.is_file():
        return Row(name, candidate.label, expected, "file not found", 0, runs, MISSING)
    if candidate.wrong and not candidate.kinds:
        return Row(name, candidate.label, "# expect: KIND on line 1", "-", 0, runs, NO_EXPECT)
    verdicts: list[str] = []
    got = ""
    for seed in range(runs):
        result = grade(candidate.exercise, candidate.path, seed=seed)
        verdict = judge(candidate, result)
        verdicts.append(verdict)
        if verdict != OK or not got:
            got = summary(result)
    ok = verdicts.count(OK)
    worst = next((v for v in (NOT_CAUGHT, FALSE_FAILURE, WRONG_KIND, TOO_HIGH) if v in verdicts), OK)
    return Row(name, candidate.label, expected, got, ok, runs, worst)


def verify(exercises: Sequence[Exercise], root: Path, *, runs: int = 1, grade: Grade = runner.grade) -> list[Row]:
    """Check every exercise; a row per graded file.

    Sequential on purpose: gradings share the grader's process as the subreaper of their children.
    """
    rows: list[Row] = []
    for exercise in exercises:
        if not exercise.solutions.is_dir():
            rows.append(Row(exercise.id, str(exercise.solutions.name), FULL, "no solutions folder", 0, runs, MISSING))
            continue
        rows += [check(candidate, runs, grade) for candidate in candidates(exercise, root)]
    return rows


def all_ok(rows: Sequence[Row]) -> bool:
    return bool(rows) and all(row.verdict == OK for row in rows)
