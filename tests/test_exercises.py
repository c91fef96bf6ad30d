"""Every exercise in the catalogue passes `grade verify`: solutions pass, the stub and wrong ones do not.

One test per graded file (not per exercise), so that pytest-xdist spreads an exercise's gradings over the
workers: the process exercises' wrong variants spend most of their time waiting for a hang to show.

Each file is graded in both isolation modes, full (bubblewrap and cgroups) and fallback (rlimits only, a
learner's laptop): a verdict must not depend on the mode. Where full isolation cannot work, its half is
skipped with the reason. `GRADER_TEST_MODES` (default `full,fallback`) narrows the modes: `.ci/run` grades in
full isolation as root and in fallback isolation as a learner, so each half runs once.
"""

from __future__ import annotations

import functools
import os

import pytest

from grader import catalog
from grader import cli
from grader import isolation
from grader import runner
from grader import verify

ROOT = catalog.find_root()
EXERCISES = catalog.load_catalog(ROOT)
CANDIDATES = [candidate for exercise in EXERCISES for candidate in verify.candidates(exercise, ROOT)]


def test_the_catalogue_is_not_empty() -> None:
    assert EXERCISES


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.id)
def test_every_exercise_has_solutions_and_wrong_variants(exercise: catalog.Exercise) -> None:
    candidates = verify.candidates(exercise, ROOT)
    assert any(c.expected == verify.FULL for c in candidates), f"{exercise.id}: no reference solution"
    assert sum(c.expected == verify.FULL for c in candidates) >= 2, f"{exercise.id}: no alternative solution"
    assert any(c.wrong for c in candidates), f"{exercise.id}: no wrong variant"
    assert all(c.kinds for c in candidates if c.wrong), f"{exercise.id}: a wrong variant lacks its # expect: line"


full_isolation_problem = functools.cache(isolation.full_problem)


MODES = [mode for mode in os.environ.get("GRADER_TEST_MODES", "full,fallback").split(",") if mode]


@pytest.mark.timeout(600)  # one grading in its own sandbox; the exercise's wall limit is far below this
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("candidate", CANDIDATES, ids=lambda c: f"{c.exercise.id}:{c.label}")
def test_submission_gets_its_expected_verdict(candidate: verify.Candidate, mode: str) -> None:
    if mode == "full" and full_isolation_problem():
        pytest.skip(f"full isolation unavailable here: {full_isolation_problem()}")
    row = verify.check(candidate, 1, functools.partial(runner.grade, isolation_mode=mode))
    assert row.verdict == verify.OK, (
        f"{row.submission} ({mode}): expected {row.expected}, got {row.got} ({row.verdict})"
    )


@pytest.mark.timeout(600)
def test_grade_verify_command(capsys: pytest.CaptureFixture[str]) -> None:
    """The command itself, on the exercise that verifies fastest."""
    code = cli.main(["verify", "exercise-27"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "exercise-27" in out
