"""The schedule that is running now, for the stand-ins to find."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .scheduler import Scheduler

_current: list[Scheduler] = []


def current() -> Scheduler:
    """The active schedule; stand-ins used outside ``explore()`` fail loudly instead of blocking for real."""
    if not _current:
        raise RuntimeError("grader.explorer stand-ins can only be used inside explore()")
    return _current[0]


def activate(sched: Scheduler) -> None:
    _current[:] = [sched]


def deactivate() -> None:
    _current.clear()


def short(value: object, limit: int = 40) -> str:
    """A deterministic, bounded repr (addresses removed) for trace details."""
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    if " at 0x" in text:
        import re

        text = re.sub(r" at 0x[0-9a-fA-F]+", "", text)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text
