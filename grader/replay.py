"""`grade replay`: a saved result's failures rerun with their recorded schedules, scored against the whole exercise.

Every test of the exercise runs: each failing one with the schedule its diagnosis recorded (the explorer's
`--explore-replay` file, nodeid -> replay), every other one explored as in a grading with the saved seed. So a
replay's score is out of the whole exercise and never full marks from a subset. Schedules are decisions at
bytecode switch points: a result made on another Python minor version or implementation is refused unless the
caller allows it, and a different patch release or grader version is a warning (`grader.provenance.compare`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader import provenance
from grader.errors import UsageError
from grader.provenance import Environment
from grader.results import GradingResult

OVERRIDE = "--allow-other-python"


@dataclass(frozen=True)
class Plan:
    """What a replay reruns, and what to say before it runs."""

    failing: tuple[str, ...]  # node ids of the saved result's failing tests
    replays: dict[str, dict[str, Any]]  # nodeid -> recorded schedule, for those that have one
    warnings: tuple[str, ...] = ()


def plan(saved: GradingResult, *, allow_other_python: bool = False, current: Environment | None = None) -> Plan:
    """The replay of `saved` here; raises `UsageError` when its schedules cannot be trusted to reproduce."""
    current = current or provenance.here()
    mismatch = provenance.compare(saved.environment, current)
    warnings = list(mismatch.warnings)
    if mismatch.refusal is not None:
        if not allow_other_python:
            wanted = " ".join(saved.environment.minor) if saved.environment else "the same Python"
            raise UsageError(
                f"cannot replay: {mismatch.refusal}. Replay with {wanted}, or pass {OVERRIDE} to run it anyway"
            )
        warnings.append(
            f"replaying anyway ({OVERRIDE}): {mismatch.refusal}. The recorded schedules may not reproduce here, "
            "so a failure that passes now proves nothing"
        )
    failing = tuple(case.name for case in saved.failures if "::" in case.name)
    replays = {
        case.name: dict(case.diagnosis.replay)
        for case in saved.failures
        if case.name in failing and case.diagnosis and case.diagnosis.replay
    }
    return Plan(failing, replays, tuple(warnings))


def announce(plan: Plan, seed: int) -> str:
    """One line saying what the replay runs."""
    schedules = f"{len(plan.replays)} failing test(s) with their recorded schedules"
    return f"Replaying {schedules}; every other test runs as in a grading with seed {seed}, and the score is out of the whole exercise."


def outcome(plan: Plan, result: GradingResult) -> list[str]:
    """What became of the replayed failures, and which of them the exercise no longer has."""
    by_name = {case.name: case for case in result.tests}
    replayed = [name for name in plan.replays if name in by_name]
    still = [name for name in replayed if not by_name[name].passed]
    lines = []
    if replayed:
        passed = len(replayed) - len(still)
        lines.append(
            f"Of {len(replayed)} replayed failure(s), {len(still)} still fail(s) and {passed} pass(es) "
            "(a replayed test runs only its recorded schedule: run grade EXERCISE to grade a fix)."
        )
    gone = [name for name in plan.failing if name not in by_name]
    if gone:
        lines.append(f"warning: no longer tests of this exercise, so not replayed: {', '.join(gone)}")
    return lines
