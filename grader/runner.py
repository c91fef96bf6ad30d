"""Orchestrates one grading: workspace, sandboxed pytest child, channel events, results and scores.

Learner code never runs in this process. Each test's result arrives over the channel as soon as the test ends,
so a later hang, crash or `os._exit` keeps every finished result; tests that started but never reported are
put down to the way the child ended, and tests that never started are errors, never passes.
"""

from __future__ import annotations

import hmac
import importlib.util
import json
import secrets
import signal
import sys
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from grader import sandbox
from grader import scoring
from grader import workspace
from grader.catalog import Exercise
from grader.errors import UsageError
from grader.results import CaseResult
from grader.results import Diagnosis
from grader.results import GradingResult
from grader.results import Outcome
from grader.results import RunInfo

EXPLORER_PLUGIN = "grader.explorer.plugin"
LOG_LIMIT = 6000
OUTCOMES = {outcome.value: outcome for outcome in Outcome}


@dataclass
class EventLog:
    """The child's events, as they arrive; lines without this run's nonce are ignored."""

    nonce: str
    collected: list[str] | None = None
    weights: dict[str, float] = field(default_factory=dict)
    started: list[str] = field(default_factory=list)
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    finished: bool = False

    def feed(self, line: bytes) -> None:
        try:
            event = json.loads(line)
        except ValueError:
            return
        if not isinstance(event, dict) or not hmac.compare_digest(str(event.get("nonce", "")), self.nonce):
            return
        kind = event.get("event")
        if kind == "collected" and self.collected is None:
            nodeids = [str(n) for n in event.get("nodeids", [])]
            weights = event.get("weights", [])
            self.collected = nodeids
            for nodeid, weight in zip(nodeids, weights, strict=False):
                self.weights[nodeid] = float(weight) if isinstance(weight, int | float) else 1.0
        elif kind == "start":
            self.started.append(str(event.get("nodeid")))
        elif kind == "report":
            # The first report of a test stands; a later line cannot overwrite it.
            self.reports.setdefault(str(event.get("nodeid")), event)
        elif kind == "finished":
            self.finished = True


def explorer_available() -> bool:
    """Whether the schedule explorer's pytest plugin can be loaded in the child."""
    try:
        return importlib.util.find_spec(EXPLORER_PLUGIN) is not None
    except (ImportError, ValueError):
        return False


def child_argv(
    exercise: Exercise,
    ws: workspace.Workspace,
    channel_fd: int,
    nonce: str,
    *,
    seed: int,
    test_timeout: float,
    select: Sequence[str] = (),
    replay_file: Path | None = None,
) -> list[str]:
    """The pytest command line of docs/contracts.md section 3."""
    explorer = explorer_available()
    argv = [sys.executable, "-I", "-m", "pytest", "-p", "grader.plugin", "-p", "pytest_timeout"]
    if explorer:
        argv += ["-p", EXPLORER_PLUGIN]
    argv += [
        "--import-mode=importlib",
        "-p",
        "no:cacheprovider",
        "-q",
        "-o",
        "addopts=",
        "-c",
        str(ws.root / "pytest.ini"),
        "--rootdir",
        str(ws.root),
        "--timeout",
        f"{test_timeout:g}",
        "--timeout-method=signal",
        "--continue-on-collection-errors",
        f"--grader-channel-fd={channel_fd}",
        f"--grader-nonce={nonce}",
        f"--grader-submission-dir={ws.submission_dir}",
    ]
    if explorer:
        argv += [f"--explore-salt={exercise.id}", f"--explore-seed={seed}"]
        if replay_file is not None:
            argv.append(f"--explore-replay={replay_file}")
    groups = [f"tests/{group}" for group in workspace.TEST_GROUPS if (ws.tests_dir / group).is_dir()]
    argv += list(select) or groups or ["tests"]
    return argv


def grade(
    exercise: Exercise,
    submission: Path,
    *,
    seed: int = 0,
    select: Sequence[str] = (),
    replay: Mapping[str, Any] | None = None,
    test_timeout: float | None = None,
    wall_timeout: float | None = None,
) -> GradingResult:
    """Grade one submission file against one exercise."""
    submission = Path(submission)
    if not submission.is_file():
        raise UsageError(f"submission file not found: {submission}")
    test_timeout = exercise.limits.test_timeout if test_timeout is None else test_timeout
    wall_timeout = exercise.limits.wall_timeout if wall_timeout is None else wall_timeout
    nonce = secrets.token_hex(16)
    events = EventLog(nonce)
    with workspace.build(exercise, submission) as ws, sandbox.open_channel() as channel:
        (ws.root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        replay_file = None
        if replay:
            replay_file = ws.root / "replay.json"
            replay_file.write_text(json.dumps(dict(replay)), encoding="utf-8")
        argv = child_argv(
            exercise,
            ws,
            channel.write_fd,
            nonce,
            seed=seed,
            test_timeout=test_timeout,
            select=select,
            replay_file=replay_file,
        )
        env = sandbox.child_environment(ws.home, {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
        ended = sandbox.run(argv, cwd=ws.root, env=env, wall_timeout=wall_timeout, channel=channel, on_line=events.feed)
    cases = build_cases(events, ended, wall_timeout)
    scored, total = scoring.score_tests(exercise.points, cases)
    log = (ended.stdout + ("\n" + ended.stderr if ended.stderr else "")).strip()
    return GradingResult(
        exercise=exercise.id,
        slug=exercise.slug,
        title=exercise.title,
        submission=str(submission.resolve()),
        seed=seed,
        score=total,
        max_score=exercise.points,
        tests=scored,
        run=RunInfo(
            returncode=ended.returncode,
            timed_out=ended.timed_out,
            output_limit=ended.output_limit,
            finished=events.finished,
            duration=round(ended.duration, 3),
            leftover_processes=ended.leftover_processes,
            log=log[-LOG_LIMIT:],
        ),
    )


def _from_report(nodeid: str, event: Mapping[str, Any], weight: float) -> CaseResult:
    outcome = OUTCOMES.get(str(event.get("outcome")), Outcome.ERROR)
    raw = event.get("diagnosis")
    diagnosis = Diagnosis.from_dict(raw) if isinstance(raw, dict) else None
    if outcome is not Outcome.PASS and diagnosis is None:
        diagnosis = Diagnosis("error", str(event.get("message") or "The test failed."))
    if outcome is Outcome.PASS:
        diagnosis = None
    duration = event.get("duration")
    return CaseResult(
        name=nodeid,
        outcome=outcome,
        weight=weight,
        message=str(event.get("message") or (diagnosis.message.splitlines()[0] if diagnosis else "")),
        diagnosis=diagnosis,
        duration=float(duration) if isinstance(duration, int | float) else 0.0,
        output=str(event.get("output") or ""),
    )


def _how_it_ended(ended: sandbox.SandboxResult, wall_timeout: float) -> tuple[Outcome, Diagnosis]:
    """The verdict for a test that started but never reported."""
    if ended.output_limit:
        return Outcome.ERROR, Diagnosis(
            "output_limit",
            "The test printed more output than the grader accepts, so the run was stopped.",
            hint="Remove print statements from loops.",
        )
    if ended.timed_out:
        return Outcome.TIMEOUT, Diagnosis(
            "timeout",
            f"The grading hit its time limit of {wall_timeout:g} s during this test and was stopped: "
            "a deadlock, a thread that never ends or an endless loop?",
            hint="Look for threads waiting on each other, or a join() on a thread that never finishes.",
        )
    code = ended.returncode
    if code is not None and code < 0:
        try:
            how = f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            how = f"was killed by signal {-code}"
    else:
        how = f"exited with code {code}"
    return Outcome.ERROR, Diagnosis(
        "crash",
        f"The test process {how} during this test, so it never reported (os._exit, a crash in C code, "
        "or the process being killed?).",
        hint="Do not call os._exit or sys.exit in your module; let exceptions propagate.",
    )


def build_cases(events: EventLog, ended: sandbox.SandboxResult, wall_timeout: float) -> list[CaseResult]:
    """One result per collected test, plus one per module that could not be collected."""
    cases: list[CaseResult] = []
    collected = events.collected or []
    started = set(events.started)
    for nodeid in collected:
        weight = events.weights.get(nodeid, 1.0)
        if nodeid in events.reports:
            cases.append(_from_report(nodeid, events.reports[nodeid], weight))
        elif nodeid in started:
            outcome, diagnosis = _how_it_ended(ended, wall_timeout)
            tail = ended.stderr[-2000:]
            cases.append(
                CaseResult(nodeid, outcome, weight, message=diagnosis.message, diagnosis=diagnosis, output=tail)
            )
        else:
            cause = "timed out" if ended.timed_out else "stopped"
            diagnosis = Diagnosis("error", f"Not run: the run ended early (it {cause} in an earlier test).")
            cases.append(CaseResult(nodeid, Outcome.ERROR, weight, message=diagnosis.message, diagnosis=diagnosis))
    known = set(collected)
    for nodeid, event in events.reports.items():
        if nodeid not in known:
            cases.append(_from_report(nodeid, event, 1.0))
    if not cases:
        cases.append(_nothing_reported(events, ended, wall_timeout))
    return cases


def _nothing_reported(events: EventLog, ended: sandbox.SandboxResult, wall_timeout: float) -> CaseResult:
    """A single erroring entry when the child reported no test at all."""
    log = f"{ended.stdout}\n{ended.stderr}"
    tail = log.strip()[-2000:]
    if events.collected is not None and events.finished:
        diagnosis = Diagnosis("error", "No tests were found for this exercise.")
    elif ended.timed_out:
        diagnosis = Diagnosis(
            "timeout",
            f"The run hit its time limit of {wall_timeout:g} s before any test started: does your module "
            "block or loop forever when it is imported?",
        )
    elif any(name in log for name in ("SyntaxError", "IndentationError", "ImportError", "ModuleNotFoundError")):
        diagnosis = Diagnosis("import_error", "Your submission could not be imported:\n" + tail)
    else:
        outcome, diagnosis = _how_it_ended(ended, wall_timeout)
        if ended.returncode is not None and ended.returncode >= 0 and not ended.output_limit:
            diagnosis = Diagnosis("crash", "The test run ended before any test reported:\n" + tail)
    outcome = Outcome.TIMEOUT if diagnosis.kind == "timeout" else Outcome.ERROR
    return CaseResult(
        "<run>", outcome, 1.0, message=diagnosis.message.splitlines()[0], diagnosis=diagnosis, output=tail
    )
