"""A controlled, seeded, replayable schedule explorer for learners' threaded code."""

from __future__ import annotations

from .errors import ExplorationFailure
from .errors import ExploreReport
from .errors import Violation
from .explore import Explorer

__all__ = ["ExplorationFailure", "ExploreReport", "Explorer", "Violation"]
