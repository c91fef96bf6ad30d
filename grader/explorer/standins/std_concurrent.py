"""Stand-in for the ``concurrent`` package: its ``futures`` is the stand-in."""

from __future__ import annotations

from . import std_futures as futures

__all__ = ["futures"]
