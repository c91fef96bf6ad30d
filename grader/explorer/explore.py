"""The ``explore`` callable test authors use, bound to one test's node id and the session's options."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from .errors import ExploreReport
from .search import DEFAULT_MAX_STEPS
from .search import DEFAULT_RUNS
from .search import DEFAULT_STEP_BUDGET
from .search import Exploration
from .standins import std_asyncio
from .standins import std_multiprocessing
from .standins import std_queue
from .standins import std_threading
from .standins import std_time


class Explorer:
    """``explore(scenario, module=...)``: run a scenario under many seeded schedules (docs/contracts.md, 2)."""

    threading: ModuleType = std_threading
    queue: ModuleType = std_queue
    time: ModuleType = std_time
    multiprocessing: ModuleType = std_multiprocessing
    asyncio: ModuleType = std_asyncio.module

    def __init__(
        self,
        nodeid: str = "",
        *,
        salt: str = "",
        seed: int = 0,
        runs: int | None = None,
        replay: dict[str, Any] | None = None,
    ) -> None:
        self.nodeid = nodeid
        self.salt = salt
        self.seed = seed
        self.default_runs = runs
        self.replay = replay
        self.last_report: ExploreReport | None = None

    @staticmethod
    def sleep(seconds: float) -> None:
        """A virtual sleep: a switch point that lets time pass only when nothing else can run."""
        std_time.sleep(seconds)

    def __call__(
        self,
        scenario: Callable[..., Any],
        *,
        module: str | tuple[str, ...],
        runs: int | None = None,
        max_steps: int | None = None,
        lock_order: bool = True,
        leaks: bool = True,
        processes: str = "shared",
        step_budget: int | None = None,
    ) -> ExploreReport:
        if processes not in ("shared", "isolated"):
            raise ValueError(f"processes must be 'shared' or 'isolated', not {processes!r}")
        n = runs if runs is not None else (self.default_runs or DEFAULT_RUNS)
        report = Exploration(
            scenario,
            module,
            nodeid=self.nodeid,
            salt=self.salt,
            seed=self.seed,
            runs=max(1, n),
            max_steps=max_steps or DEFAULT_MAX_STEPS,
            lock_order=lock_order,
            leaks=leaks,
            replay=self.replay,
            processes=processes,
            step_budget=step_budget or DEFAULT_STEP_BUDGET,
        ).start()
        self.last_report = report
        return report
