"""Exceptions and result records the explorer hands to test authors and to the grader."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import Any


class Violation(Exception):
    """An invariant broken inside a scenario: the explorer reports it as ``kind`` with the schedule."""

    def __init__(self, kind: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.hint = hint
        # The diagnosis when the Violation is raised straight from a test, outside explore().
        self.grader_diagnosis: dict[str, Any] = {"kind": kind, "message": message}
        if hint:
            self.grader_diagnosis["hint"] = hint


class ExplorationFailure(AssertionError):
    """The first violation found, after shrinking; ``grader_diagnosis`` is the contract's diagnosis dict."""

    def __init__(self, diagnosis: dict[str, Any]) -> None:
        super().__init__(diagnosis["message"])
        self.grader_diagnosis = diagnosis

    def __str__(self) -> str:
        return str(self.grader_diagnosis["message"])


class Unwind(BaseException):
    """Raised inside controlled threads to end them after a verdict; never escapes the explorer."""


class Terminated(Unwind):
    """Raised in a controlled thread whose stand-in Process was terminated: unwinds that thread only."""


@dataclass(frozen=True)
class ExploreReport:
    """What a passing ``explore()`` call did."""

    runs: int
    strategies: dict[str, int] = field(default_factory=dict)
    exhaustive: bool = False
    max_steps_seen: int = 0
    backend: str = ""
