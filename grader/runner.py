"""Orchestrates one grading: workspace, sandboxed pytest child, channel events, results and scores.

Learner code never runs in this process. Each test's result arrives over the channel as soon as the test ends,
so a later hang, crash or `os._exit` keeps every finished result; tests that started but never reported are
put down to the way the child ended, and tests that never started are errors, never passes.

Integrity (`grader.integrity`): the tests expected are collected first, in a child that sees a stand-in
instead of the submission, and every one of them must report; two canary tests planted at grading time must
pass and fail as they should, or the verdict is `tampering`. Processes the tests left running are a failing
`leaked_process` entry of weight 0: no points lost, but no full marks either. Text from the child is
sanitised here, where it enters the results model.
"""

from __future__ import annotations

import dataclasses
import hmac
import importlib.util
import json
import re
import secrets
import signal
import sys
import threading
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from grader import i18n
from grader import integrity
from grader import isolation
from grader import limits
from grader import sandbox
from grader import sanitize
from grader import scoring
from grader import workspace
from grader.catalog import Exercise
from grader.errors import UsageError
from grader.learner import hints
from grader.results import IMPORT_ERROR_NAMES
from grader.results import NUL_SOURCE
from grader.results import CaseResult
from grader.results import Diagnosis
from grader.results import GradingResult
from grader.results import Outcome
from grader.results import RunInfo

EXPLORER_PLUGIN = "grader.explorer.plugin"
LOG_LIMIT = 6000
STACKS_LIMIT = 200  # lines of the thread dump kept from the channel
LEAKS_SHOWN = 5
WORKSPACE_PREFIX = re.compile(r"/\S*?/grader-[^/\s]+/")
LEAKED_NAME = "<leaked processes>"
COVERAGE_FILES = 16  # `coverage` events kept (one per file of the submission folder)
COVERAGE_LINES = 100_000  # longest list of line numbers taken from one `coverage` event
TAMPERING_SHOWN = 5
# Put in place of the submission while the expected tests are collected: any name imports.
STAND_IN = (
    '"""A stand-in for the submission while the grader collects the expected tests."""\n\n\n'
    "def __getattr__(name):\n"
    "    if name.startswith('__'):\n"
    "        raise AttributeError(name)\n"
    "    return type(name, (), {})\n"
)
OUTCOMES = {outcome.value: outcome for outcome in Outcome}


class Cancelled(Exception):
    """A grading stopped because its `cancel` event was set; its processes have been killed."""


@dataclass
class EventLog:
    """The child's events, as they arrive; lines without this run's nonce are ignored."""

    nonce: str
    collected: list[str] | None = None
    weights: dict[str, float] = field(default_factory=dict)
    started: list[str] = field(default_factory=list)
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    finished: bool = False
    leaked: list[str] = field(default_factory=list)
    # file relative to the submission folder -> lines the tests ran (docs/contracts.md section 4)
    coverage: dict[str, tuple[int, ...]] = field(default_factory=dict)
    stacks: list[str] = field(default_factory=list)  # non-event lines: the thread dump on SIGTERM
    # What the child's guard (grader.guard) or the reports themselves show the submission did to the run.
    tampering: list[str] = field(default_factory=list)
    on_report: Callable[[str, dict[str, Any]], None] | None = None  # called with each test's first report

    def feed(self, line: bytes) -> None:
        try:
            event = json.loads(line)
        except ValueError:
            if len(self.stacks) < STACKS_LIMIT:
                self.stacks.append(line[:500].decode("utf-8", errors="replace"))
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
            # The first report of a test stands; a later line cannot overwrite it, and a second one means
            # somebody else wrote to the channel.
            nodeid = str(event.get("nodeid"))
            if nodeid in self.reports:
                self._tampered(f"a second report arrived for {nodeid.rpartition('::')[2]}")
            else:
                self.reports[nodeid] = event
                if self.on_report is not None:
                    self.on_report(nodeid, event)
        elif kind == "tampering":
            what, where = event.get("what"), event.get("where")
            self._tampered(f"your code {what}" + (f" (at {where})" if where else ""))
        elif kind == "coverage" and not self.finished:
            self._coverage(event.get("file"), event.get("lines"))
        elif kind == "finished" and not self.finished:
            self.finished = True
            leaked = event.get("leaked")
            if isinstance(leaked, list):
                self.leaked = [str(item) for item in leaked]

    def _tampered(self, text: str) -> None:
        if len(self.tampering) < TAMPERING_SHOWN and text not in self.tampering:
            self.tampering.append(sanitize.clean(text[:400]))

    def _coverage(self, file: object, lines: object) -> None:
        """Keep a well-formed `coverage` event (the last one for a file wins: the plugin sends its own right
        before `finished`); anything malformed is dropped, as it only ever affects what the report shows."""
        if not isinstance(file, str) or len(file) > 255 or not isinstance(lines, list) or len(lines) > COVERAGE_LINES:
            return
        if file not in self.coverage and len(self.coverage) >= COVERAGE_FILES:
            return
        if not all(type(line) is int and 0 < line < 10_000_000 for line in lines):
            return
        self.coverage[file] = tuple(sorted(set(lines)))


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
    nonce_fd: int,
    *,
    seed: int,
    test_timeout: float,
    select: Sequence[str] = (),
    replay_file: Path | None = None,
    collect_only: bool = False,
    hidden: Sequence[Path] = (),
) -> list[str]:
    """The pytest command line of docs/contracts.md section 3 (the nonce is read from `nonce_fd`)."""
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
        # One line per failure in the log: the diagnoses come from the exceptions themselves, and pytest's
        # full tracebacks (source of every frame) took a fifth of a fast-failing submission's grading.
        "--tb=line",
        f"--grader-channel-fd={channel_fd}",
        f"--grader-nonce-fd={nonce_fd}",
        f"--grader-submission-dir={ws.submission_dir}",
        *(f"--grader-hidden={path}" for path in hidden),
    ]
    if i18n.language() != i18n.DEFAULT:
        argv.append(f"--grader-lang={i18n.language()}")  # the diagnoses are written in the child
    if explorer:
        argv += [f"--explore-salt={exercise.id}", f"--explore-seed={seed}"]
        if replay_file is not None:
            argv.append(f"--explore-replay={replay_file}")
    if collect_only:
        argv.append("--collect-only")
    argv += list(select) or workspace.groups(ws) or ["tests"]
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
    isolation_mode: str | None = None,
    on_case: Callable[[CaseResult], None] | None = None,
    cancel: threading.Event | None = None,
) -> GradingResult:
    """Grade one submission file against one exercise (`isolation_mode`: see `grader.isolation`).

    `on_case` is called with each test's result the moment its report arrives, in the order the tests end,
    scored as if the run ends cleanly (the returned result is the verdict: a later tampering or leak changes
    it). Setting `cancel` kills the sandboxed tree and raises `Cancelled`.
    """
    submission = Path(submission)
    if not submission.is_file():
        raise UsageError(f"submission file not found: {submission}")
    test_timeout = exercise.limits.test_timeout if test_timeout is None else test_timeout
    wall_timeout = exercise.limits.wall_timeout if wall_timeout is None else wall_timeout
    containment = limits.for_exercise(exercise.folder)
    events = EventLog(secrets.token_hex(16))
    hidden = (exercise.folder.parent, exercise.solutions.parent)
    with workspace.build(exercise, None) as ws:
        (ws.root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        groups = workspace.groups(ws)
        with isolation.prepare(isolation_mode, containment, ws.root, read_only=[ws.tests_dir], hidden=hidden) as iso:
            run = _Run(
                exercise,
                ws,
                iso,
                containment,
                seed=seed,
                test_timeout=test_timeout,
                wall_timeout=wall_timeout,
                hidden=hidden,
                cancel=cancel,
            )
            key = integrity.cache_key(ws, select)
            # Kept on disk only where no grading's child can write there: under bubblewrap's read-only root.
            disk = bool(iso.wrapper)
            expected = integrity.cached_expected(key, disk=disk)
            if expected is None:
                (ws.submission_dir / exercise.submission).write_text(STAND_IN, encoding="utf-8")
                expected = run.collect(select)
                if expected is not None:
                    integrity.remember_expected(key, expected, disk=disk)
            workspace.install_submission(ws, exercise, submission)
            canaries = integrity.plant(ws, groups)
            workspace.seal_tests(ws)
            replay_file = None
            if replay:
                replay_file = ws.root / "replay.json"
                replay_file.write_text(json.dumps(dict(replay)), encoding="utf-8")
            chosen = [*select, *(canary.path for canary in canaries)] if select else []
            if on_case is not None:
                events.on_report = _streamer(events, exercise.points, expected, canaries, on_case)
            _check(cancel)
            ended = run.run(events, chosen, replay_file, group=True, canaries=canaries)
            _check(cancel)
    cases = build_cases(events, ended, wall_timeout, expected=expected, canaries=canaries)
    cases = hints.attach(exercise, cases)  # the exercise's own hint for each failure's kind
    scored, total = scoring.score_tests(exercise.points, cases)
    cap = scoring.severity_cap(
        exercise.points, scored, total, exercise.scoring.property_tests, cap=exercise.scoring.cap
    )
    log = sanitize.clean((ended.stdout + ("\n" + ended.stderr if ended.stderr else "")).strip())
    return GradingResult(
        exercise=exercise.id,
        slug=exercise.slug,
        title=exercise.title,
        submission=str(submission.resolve()),
        seed=seed,
        score=cap.limit if cap else total,
        max_score=exercise.points,
        tests=scored,
        cap=cap,
        run=RunInfo(
            returncode=ended.returncode,
            timed_out=ended.timed_out,
            output_limit=ended.output_limit,
            finished=events.finished,
            duration=round(ended.duration, 3),
            leftover_processes=max(ended.leftover_processes, len(events.leaked)),
            log=f"[isolation: {iso.name}]\n{log[-LOG_LIMIT:]}",
        ),
        coverage=events.coverage.get(Path(exercise.submission).as_posix(), ()),
    )


@dataclass
class _Run:
    """Starts pytest children for one grading, all with the same isolation and limits."""

    exercise: Exercise
    ws: workspace.Workspace
    iso: isolation.Isolation
    containment: limits.Containment
    seed: int
    test_timeout: float
    wall_timeout: float
    hidden: Sequence[Path] = ()
    cancel: threading.Event | None = None

    def run(
        self,
        events: EventLog,
        select: Sequence[str],
        replay_file: Path | None = None,
        *,
        group: bool,
        collect_only: bool = False,
        canaries: Sequence[integrity.Canary] = (),
    ) -> sandbox.SandboxResult:
        # The child's guard puts the control tests last; only it learns their names.
        secret = json.dumps({"nonce": events.nonce, "canaries": [c.nodeid for c in canaries]})
        with sandbox.open_channel(secret=secret.encode()) as channel:
            assert channel.secret_fd is not None
            argv = child_argv(
                self.exercise,
                self.ws,
                channel.write_fd,
                channel.secret_fd,
                seed=self.seed,
                test_timeout=self.test_timeout,
                select=select,
                replay_file=replay_file,
                collect_only=collect_only,
                hidden=self.hidden,
            )
            env = sandbox.child_environment(self.ws.home, {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
            c = self.containment
            rlimits = sandbox.ResourceLimits(
                cpu_seconds=c.rlimit_cpu(self.wall_timeout),
                file_size=c.file_size,
                open_files=c.open_files,
                address_space=c.address_space,
            )
            return sandbox.run(
                argv,
                cwd=self.ws.root,
                env=env,
                wall_timeout=self.wall_timeout,
                limits=rlimits,
                channel=channel,
                on_line=events.feed,
                output_cap=c.output,
                wrapper=self.iso.wrapper,
                group=self.iso.group if group else None,
                cancel=self.cancel,
            )

    def collect(self, select: Sequence[str]) -> dict[str, float] | None:
        """The node IDs (and weights) pytest collects with the stand-in in place; None unless that went cleanly."""
        events = EventLog(secrets.token_hex(16))
        ended = self.run(events, select, group=False, collect_only=True)
        if events.collected is None or not events.finished or events.reports or ended.returncode not in (0, 5):
            return None
        return {nodeid: events.weights.get(nodeid, 1.0) for nodeid in events.collected}


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled


def _streamer(
    events: EventLog,
    points: float,
    expected: Mapping[str, float] | None,
    canaries: Sequence[integrity.Canary],
    on_case: Callable[[CaseResult], None],
) -> Callable[[str, dict[str, Any]], None]:
    """The `on_report` that hands each expected test's report to `on_case` with its share of `points`."""
    weights: dict[str, float] = {}
    shares: dict[str, float] = {}

    def report(nodeid: str, event: dict[str, Any]) -> None:
        if not weights:  # without a clean collection, what this run collected (known before any report)
            known = (
                expected if expected is not None else {n: events.weights.get(n, 1.0) for n in events.collected or []}
            )
            weights.update((n, w) for n, w in known.items() if not integrity.is_canary(n, canaries))
            shares.update(zip(weights, scoring.share(points, [max(w, 0.0) for w in weights.values()]), strict=True))
        if nodeid not in shares:
            return
        case = _from_report(nodeid, event, weights[nodeid])
        part = round(shares[nodeid], scoring.PLACES)
        on_case(dataclasses.replace(case, max_score=part, score=part if case.passed else 0.0))

    return report


def _from_report(nodeid: str, event: Mapping[str, Any], weight: float) -> CaseResult:
    event = sanitize.deep(dict(event))
    outcome = OUTCOMES.get(str(event.get("outcome")), Outcome.ERROR)
    raw = event.get("diagnosis")
    diagnosis = Diagnosis.from_dict(raw) if isinstance(raw, dict) else None
    if outcome is not Outcome.PASS and diagnosis is None:
        diagnosis = Diagnosis("error", str(event.get("message") or "The test failed."))
    if outcome is Outcome.PASS:
        diagnosis = None
    duration = event.get("duration")
    task = event.get("task")
    return CaseResult(
        name=nodeid,
        outcome=outcome,
        weight=weight,
        message=str(event.get("message") or (diagnosis.message.splitlines()[0] if diagnosis else "")),
        diagnosis=diagnosis,
        duration=float(duration) if isinstance(duration, int | float) else 0.0,
        output=str(event.get("output") or ""),
        task=task if type(task) is int and task > 0 else None,
    )


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(code).name
    except ValueError:
        return f"signal {code}"


def _how_it_ended(ended: sandbox.SandboxResult, wall_timeout: float) -> tuple[Outcome, Diagnosis]:
    """The verdict for a test that started but never reported."""
    if ended.oom_killed:
        return Outcome.ERROR, Diagnosis(
            "memory_limit",
            "The test process was killed for using more memory than the grader allows.",
            hint="Look for a list, queue or buffer that grows without bound.",
        )
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
    # Behind bubblewrap a death by signal N arrives as exit code 128 + N.
    signum = -code if code is not None and code < 0 else (code - 128 if code is not None and 128 < code < 160 else 0)
    if ended.pids_limit:
        return Outcome.ERROR, Diagnosis(
            "resource_limit",
            "The test process ended after your code tried to start more processes or threads than the grader allows.",
            hint="Use a fixed-size pool of workers instead of starting one per item.",
        )
    if signum == signal.SIGXCPU:
        return Outcome.TIMEOUT, Diagnosis(
            "timeout", "The test process used up its CPU time limit and was stopped: an endless loop?"
        )
    how = f"was killed by {_signal_name(signum)}" if signum else f"exited with code {code}"
    return Outcome.ERROR, Diagnosis(
        "crash",
        f"The test process {how} during this test, so it never reported (os._exit, a crash in C code, "
        "or the process being killed?).",
        hint="Do not call os._exit or sys.exit in your module; let exceptions propagate.",
    )


def build_cases(
    events: EventLog,
    ended: sandbox.SandboxResult,
    wall_timeout: float,
    *,
    expected: Mapping[str, float] | None = None,
    canaries: Sequence[integrity.Canary] = (),
) -> list[CaseResult]:
    """One result per expected test (else per collected test), plus one per module that could not be collected,
    plus a `leaked_process` entry if processes were left behind; all `tampering` if a canary lied."""
    cases: list[CaseResult] = []
    collected = [
        n
        for n in (expected if expected is not None else events.collected or [])
        if not integrity.is_canary(n, canaries)
    ]
    started = set(events.started)
    reports = {k: v for k, v in events.reports.items() if not integrity.is_canary(k, canaries)}
    module_errors = {nodeid: event for nodeid, event in reports.items() if "::" not in nodeid}
    weights = {**events.weights, **(expected or {})}  # the clean child's weights win
    for nodeid in collected:
        weight = weights.get(nodeid, 1.0)
        if nodeid in reports:
            cases.append(_from_report(nodeid, reports[nodeid], weight))
        elif integrity.module_of(nodeid) in module_errors:
            cases.append(_from_report(nodeid, module_errors[integrity.module_of(nodeid)], weight))
        elif nodeid in started:
            outcome, diagnosis = _how_it_ended(ended, wall_timeout)
            tail = ended.stderr[-2000:]
            if ended.timed_out and events.stacks:
                tail = "Where every thread was when the time limit hit:\n" + _stacks(events.stacks)
            cases.append(
                CaseResult(
                    nodeid, outcome, weight, message=diagnosis.message, diagnosis=diagnosis, output=sanitize.clean(tail)
                )
            )
        elif not started and not reports:
            # Nothing ran at all (a hang or crash at import, say): every test carries the run's verdict.
            whole = _nothing_reported(events, ended, wall_timeout)
            cases.append(dataclasses.replace(whole, name=nodeid, weight=weight))
        else:
            cause = "timed out" if ended.timed_out else "stopped"
            if events.finished and not ended.timed_out:
                text = "Not run: this test never reported, although the test run finished (were tests removed?)."
            else:
                text = f"Not run: the run ended early (it {cause} in an earlier test)."
            diagnosis = Diagnosis("error", text)
            cases.append(CaseResult(nodeid, Outcome.ERROR, weight, message=diagnosis.message, diagnosis=diagnosis))
    known = set(collected)
    for nodeid, event in reports.items():
        if nodeid not in known and not (
            nodeid in module_errors and any(integrity.module_of(n) == nodeid for n in known)
        ):
            cases.append(_from_report(nodeid, event, 1.0))
    if not cases:
        cases.append(_nothing_reported(events, ended, wall_timeout))
    problem = "; ".join(events.tampering) or integrity.check_canaries(
        canaries, events.reports, events.finished, expected=collected
    )
    if problem:
        return [_tampered(case, problem) for case in cases]
    leaked = max(ended.leftover_processes, len(events.leaked))
    if leaked and not ended.timed_out:
        cases.append(_leaked_entry(leaked, events.leaked or list(ended.leaked)))
    return cases


def _stacks(lines: Sequence[str]) -> str:
    """The thread dump without the test machinery's frames and with workspace paths made relative."""
    kept = [line for line in lines if "/site-packages/" not in line and "/lib/python3" not in line]
    return WORKSPACE_PREFIX.sub("", "\n".join(kept))


def _tampered(case: CaseResult, problem: str) -> CaseResult:
    diagnosis = Diagnosis(
        "tampering",
        f"The grader cannot trust this run's reports: {problem}. Code that changes how the tests run or report "
        "gets no points.",
        hint="Do not patch pytest, the grader or the tests; make the tests pass.",
    )
    return CaseResult(case.name, Outcome.ERROR, case.weight, message=diagnosis.message, diagnosis=diagnosis)


def _leaked_entry(count: int, commands: Sequence[str]) -> CaseResult:
    shown = ", ".join(sanitize.clean(c) for c in commands[:LEAKS_SHOWN])
    diagnosis = Diagnosis(
        "leaked_process",
        f"Your code left {count} process(es) running after the tests had finished"
        + (f" ({shown})" if shown else "")
        + "; the grader had to kill them. This costs no points, but no full marks either.",
        hint="join() every Process you start, use pools in a `with` block, and wait() for subprocesses.",
    )
    return CaseResult(LEAKED_NAME, Outcome.FAIL, 0.0, message=diagnosis.message, diagnosis=diagnosis)


def _nothing_reported(events: EventLog, ended: sandbox.SandboxResult, wall_timeout: float) -> CaseResult:
    """A single erroring entry when the child reported no test at all."""
    log = sanitize.clean(f"{ended.stdout}\n{ended.stderr}")
    tail = log.strip()[-2000:]
    if events.collected is not None and events.finished:
        diagnosis = Diagnosis("error", "No tests were found for this exercise.")
    elif ended.timed_out:
        diagnosis = Diagnosis(
            "timeout",
            f"The run hit its time limit of {wall_timeout:g} s before any test started: does your module "
            "block or loop forever when it is imported?",
        )
    elif any(name in log for name in (*IMPORT_ERROR_NAMES, NUL_SOURCE)):
        diagnosis = Diagnosis("import_error", "Your submission could not be imported:\n" + tail)
    else:
        outcome, diagnosis = _how_it_ended(ended, wall_timeout)
        if diagnosis.kind == "crash" and ended.returncode is not None and 0 <= ended.returncode <= 128:
            diagnosis = Diagnosis("crash", "The test run ended before any test reported:\n" + tail)
    outcome = Outcome.TIMEOUT if diagnosis.kind == "timeout" else Outcome.ERROR
    return CaseResult(
        "<run>", outcome, 1.0, message=diagnosis.message.splitlines()[0], diagnosis=diagnosis, output=tail
    )
