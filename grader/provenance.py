"""Where a result came from: the interpreter, the grader's version and the platform that produced it.

A replay needs it. The explorer's schedules are sequences of decisions at bytecode switch points, and the
bytecode differs between Python minor versions and implementations, so a schedule recorded on CPython 3.11 may
not reproduce on 3.12: `compare` says whether a replay here would be honest.
"""

from __future__ import annotations

import functools
import importlib.metadata
import platform
import sys
from dataclasses import dataclass
from typing import Any

from grader import __version__

PACKAGE = "concurrency-kata-grader"


@dataclass(frozen=True)
class Environment:
    """The interpreter (`implementation`, `python`: "CPython", "3.11.7"), grader version and platform."""

    implementation: str
    python: str
    grader: str
    platform: str = ""

    @property
    def interpreter(self) -> str:
        return f"{self.implementation} {self.python}"

    @property
    def minor(self) -> tuple[str, str]:
        """What schedules depend on: the implementation and the `major.minor` version."""
        return self.implementation, ".".join(self.python.split(".")[:2])

    def to_dict(self) -> dict[str, Any]:
        return {
            "implementation": self.implementation,
            "python": self.python,
            "grader": self.grader,
            "platform": self.platform,
        }

    @classmethod
    def from_dict(cls, data: object) -> Environment | None:
        """Read untrusted data; None when it does not name an interpreter (a result from an older grader)."""
        if not isinstance(data, dict):
            return None
        implementation, python = data.get("implementation"), data.get("python")
        if not isinstance(implementation, str) or not isinstance(python, str) or not implementation or not python:
            return None
        grader, where = data.get("grader"), data.get("platform")
        return cls(
            implementation=implementation,
            python=python,
            grader=grader if isinstance(grader, str) else "",
            platform=where if isinstance(where, str) else "",
        )


def grader_version() -> str:
    """The installed distribution's version; the source tree's own when the grader runs uninstalled."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return __version__


@functools.cache
def here() -> Environment:
    """This process's environment (computed once)."""
    return Environment(
        implementation=platform.python_implementation(),
        python=platform.python_version(),
        grader=grader_version(),
        platform=f"{sys.platform}-{platform.machine()}",
    )


@dataclass(frozen=True)
class Mismatch:
    """What a replay of a result recorded in one environment would face in another."""

    refusal: str | None = None  # set: the schedules cannot be trusted to reproduce here
    warnings: tuple[str, ...] = ()


def compare(recorded: Environment | None, current: Environment) -> Mismatch:
    """A different implementation or minor version refuses; a different patch or grader version warns."""
    if recorded is None:
        return Mismatch(
            warnings=(
                "the result does not say which Python produced it (it predates that record), so its schedules "
                f"may not reproduce on {current.interpreter}",
            )
        )
    if recorded.minor != current.minor:
        return Mismatch(
            refusal=f"the result was graded on {recorded.interpreter} and this is {current.interpreter}: its "
            "schedules are decisions at bytecode switch points, which differ between Python versions, so its "
            "failures may not reproduce (and may pass for no good reason)"
        )
    warnings = []
    if recorded.python != current.python:
        warnings.append(
            f"the result was graded on {recorded.interpreter} and this is {current.interpreter}: the schedules "
            "should reproduce, but a different patch release can change them"
        )
    if recorded.grader != current.grader:
        warnings.append(
            f"the result was graded by grader {recorded.grader or '(unknown)'} and this is grader "
            f"{current.grader}: a change in the schedule explorer can change what a schedule does"
        )
    return Mismatch(warnings=tuple(warnings))
