"""The results model: what one grading found, as plain versioned data.

Data only: the child's events are turned into these objects by the runner, scoring fills in the points and the
reporters format them. `to_dict`/`from_dict` are the stable JSON form (`RESULTS_VERSION`). A result made in this
process records where it was made (`grader.provenance.Environment`: interpreter, grader version, platform); one
read back keeps what it recorded, or None when it predates that record.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from grader import provenance
from grader.provenance import Environment

# Additions that older readers can ignore (such as `environment`) keep the version; a change that breaks them
# raises it.
RESULTS_VERSION = 1

# How a submission that cannot be imported shows in a log: the exceptions' names, and what Python up to
# 3.11.3 raises (a ValueError, not a SyntaxError) for a source file with NUL bytes in it.
IMPORT_ERROR_NAMES = ("SyntaxError", "IndentationError", "TabError", "ImportError", "ModuleNotFoundError")
NUL_SOURCE = "source code string cannot contain null bytes"

DIAGNOSIS_KINDS = frozenset(
    {
        "wrong_result",
        "error",
        "import_error",
        "timeout",
        "crash",
        "lost_update",
        "deadlock",
        "lock_order",
        "mutual_exclusion",
        "over_limit",
        "serialized",
        "lost_item",
        "leaked_thread",
        "leaked_process",
        "memory_limit",
        "output_limit",
        "resource_limit",
        "tampering",
    }
)


class Outcome(enum.Enum):
    """How one test ended."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    TIMEOUT = "timeout"


@dataclass(frozen=True)
class ScoreCap:
    """Why a grading's total is held below what its passing tests add up to (docs/contracts.md section 3).

    `earned` is that sum; `limit` what the total may be at most; `kinds` the concurrency bugs found and `tests`
    the exercise's failing property tests that brought the cap on.
    """

    limit: float
    earned: float
    kinds: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"limit": self.limit, "earned": self.earned, "kinds": list(self.kinds), "tests": list(self.tests)}

    @classmethod
    def from_dict(cls, data: Any) -> ScoreCap | None:
        if not isinstance(data, dict):
            return None
        return cls(
            limit=float(data.get("limit", 0.0)),
            earned=float(data.get("earned", 0.0)),
            kinds=tuple(str(kind) for kind in data.get("kinds") or () if str(kind) in DIAGNOSIS_KINDS),
            tests=tuple(str(test) for test in data.get("tests") or ()),
        )


@dataclass(frozen=True)
class Diagnosis:
    """Why a test failed, in the learner's terms (docs/contracts.md section 4)."""

    kind: str
    message: str
    hint: str | None = None
    trace: tuple[dict[str, Any], ...] = ()
    replay: dict[str, Any] | None = None
    waits_for: tuple[dict[str, Any], ...] = ()  # deadlocks: who holds what and waits for what

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "hint": self.hint,
            "trace": [dict(step) for step in self.trace],
            "replay": self.replay,
            "waits_for": [dict(wait) for wait in self.waits_for],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Diagnosis:
        """Build a diagnosis from untrusted data: unknown kinds become `error`, missing text a placeholder."""
        kind = str(data.get("kind", "error"))
        if kind not in DIAGNOSIS_KINDS:
            kind = "error"
        trace = data.get("trace") or ()
        replay = data.get("replay")
        hint = data.get("hint")
        waits = data.get("waits_for") or ()
        return cls(
            kind=kind,
            message=str(data.get("message") or "(no message)"),
            hint=None if hint is None else str(hint),
            trace=tuple(dict(step) for step in trace if isinstance(step, dict)),
            replay=dict(replay) if isinstance(replay, dict) else None,
            waits_for=tuple(dict(wait) for wait in waits if isinstance(wait, dict)) if isinstance(waits, list) else (),
        )


@dataclass(frozen=True)
class CaseResult:
    """The result of one test (named so that pytest never mistakes it for a test class)."""

    name: str
    outcome: Outcome
    weight: float = 1.0
    score: float = 0.0
    max_score: float = 0.0
    message: str = ""
    diagnosis: Diagnosis | None = None
    duration: float = 0.0
    output: str = ""
    task: int | None = None  # the numbered task of the instructions the test checks (`@pytest.mark.task`)

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASS

    def to_dict(self) -> dict[str, Any]:
        replay = self.diagnosis.replay if self.diagnosis else None
        data = {
            "name": self.name,
            "status": self.outcome.value,
            "weight": self.weight,
            "score": self.score,
            "max_score": self.max_score,
            "message": self.message,
            "diagnosis": self.diagnosis.to_dict() if self.diagnosis else None,
            "replay": replay,
            "duration": self.duration,
            "output": self.output,
        }
        if self.task is not None:
            data["task"] = self.task
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaseResult:
        diagnosis = data.get("diagnosis")
        task = data.get("task")
        return cls(
            name=str(data["name"]),
            outcome=Outcome(data["status"]),
            weight=float(data.get("weight", 1.0)),
            score=float(data.get("score", 0.0)),
            max_score=float(data.get("max_score", 0.0)),
            message=str(data.get("message", "")),
            diagnosis=Diagnosis.from_dict(diagnosis) if isinstance(diagnosis, dict) else None,
            duration=float(data.get("duration", 0.0)),
            output=str(data.get("output", "")),
            task=task if type(task) is int and task > 0 else None,
        )


@dataclass(frozen=True)
class RunInfo:
    """How the child process ended, for the learner's "what happened" and for debugging the grader."""

    returncode: int | None = None
    timed_out: bool = False
    output_limit: bool = False
    finished: bool = False
    duration: float = 0.0
    leftover_processes: int = 0
    log: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "returncode": self.returncode,
            "timed_out": self.timed_out,
            "output_limit": self.output_limit,
            "finished": self.finished,
            "duration": self.duration,
            "leftover_processes": self.leftover_processes,
            "log": self.log,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunInfo:
        returncode = data.get("returncode")
        return cls(
            returncode=None if returncode is None else int(returncode),
            timed_out=bool(data.get("timed_out", False)),
            output_limit=bool(data.get("output_limit", False)),
            finished=bool(data.get("finished", False)),
            duration=float(data.get("duration", 0.0)),
            leftover_processes=int(data.get("leftover_processes", 0)),
            log=str(data.get("log", "")),
        )


@dataclass(frozen=True)
class GradingResult:
    """Everything one grading of one submission found."""

    exercise: str
    slug: str
    title: str
    submission: str
    seed: int
    score: float
    max_score: float
    tests: tuple[CaseResult, ...]
    run: RunInfo = field(default_factory=RunInfo)
    version: int = RESULTS_VERSION
    coverage: tuple[int, ...] = ()  # line numbers of the submission that the tests executed; () = not measured
    environment: Environment | None = field(default_factory=provenance.here)  # None: not recorded (older result)
    cap: ScoreCap | None = None  # set when a concurrency bug held the total below what the passing tests earned

    @property
    def full_marks(self) -> bool:
        """All tests passed and there was at least one: the only case that earns exit code 0."""
        return bool(self.tests) and all(test.passed for test in self.tests)

    @property
    def failures(self) -> tuple[CaseResult, ...]:
        return tuple(test for test in self.tests if not test.passed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "exercise": self.exercise,
            "slug": self.slug,
            "title": self.title,
            "submission": self.submission,
            "seed": self.seed,
            "score": self.score,
            "max_score": self.max_score,
            "full_marks": self.full_marks,
            "tests": [test.to_dict() for test in self.tests],
            "run": self.run.to_dict(),
            "coverage": list(self.coverage),
            **({"environment": self.environment.to_dict()} if self.environment else {}),
            **({"cap": self.cap.to_dict()} if self.cap else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GradingResult:
        version = int(data.get("version", 0))
        if version != RESULTS_VERSION:
            raise ValueError(f"unsupported results version {version} (this grader reads {RESULTS_VERSION})")
        return cls(
            exercise=str(data["exercise"]),
            slug=str(data.get("slug", "")),
            title=str(data.get("title", "")),
            submission=str(data.get("submission", "")),
            seed=int(data.get("seed", 0)),
            score=float(data["score"]),
            max_score=float(data["max_score"]),
            tests=tuple(CaseResult.from_dict(test) for test in data.get("tests", [])),
            run=RunInfo.from_dict(data.get("run") or {}),
            version=version,
            coverage=tuple(sorted({int(line) for line in data.get("coverage") or () if isinstance(line, int)})),
            environment=Environment.from_dict(data.get("environment")),
            cap=ScoreCap.from_dict(data.get("cap")),
        )
