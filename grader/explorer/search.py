"""The search for a failing schedule: seeded strategies in a fixed order, a budget, and shrinking."""

from __future__ import annotations

import contextlib
import os
import platform
import sys
from collections.abc import Callable
from typing import Any

from grader import i18n

from .backends import choose_backend
from .decode import accesses
from .decode import all_codes
from .decode import shared_globals
from .errors import ExplorationFailure
from .errors import ExploreReport
from .explain import HINTS
from .explain import Explainer
from .explain import schedule_line
from .loader import LoadError
from .loader import Source
from .naming import Namer
from .run import RunResult
from .run import run_schedule
from .scheduler import Strategy
from .scheduler import Workers
from .strategies import DFS
from .strategies import PCT
from .strategies import RandomWalk
from .strategies import Replay
from .strategies import RoundRobin
from .strategies import Switches
from .strategies import count_preemptions
from .strategies import derive_seed
from .strategies import switches_of

DEFAULT_RUNS = 200
DEFAULT_MAX_STEPS = 50_000
#: After the minimum schedules, stop once the schedules run so far took this many steps (switch points) in
#: all. Steps, not seconds: a schedule takes the same steps on every machine, so where the search stops, and
#: with it the verdict, never depends on how fast or loaded the machine is.
DEFAULT_STEP_BUDGET = 40_000
MIN_PLAN = (("random", 30), ("pct2", 15), ("pct3", 15))
SMALL_MODEL_DECISIONS = 80
SHRINK_ATTEMPTS = 40
#: Small models trade their random/PCT schedules for up to this many times as many DFS schedules, so
#: the bounded search can finish and prove "no bug within 2 preemptions" (each DFS run is short).
DFS_FACTOR = 3
#: ... and up to this many times the step budget: DFS schedules are short, and a search that completes can
#: say that no interleaving with at most 2 preemptions breaks the test.
DFS_STEP_FACTOR = 1.5
#: The bounded search is given up after its first schedule when it looks this many times too big to finish
#: (`DFS.estimate`: on the exercises' correct solutions it came out between 0.5x and 9x the real size).
DFS_GIVE_UP = 2.0


def plan(runs: int) -> tuple[list[str], int]:
    """The strategy of each schedule after the round-robin one, and how many of them are the minimum."""
    rest = runs - 1
    if rest <= 0:
        return [], 0
    minimum = sum(n for _, n in MIN_PLAN)
    if rest < minimum:
        nr = (rest + 1) // 2
        n2 = (rest - nr + 1) // 2
        return ["random"] * nr + ["pct2"] * n2 + ["pct3"] * (rest - nr - n2), rest
    out = [name for name, n in MIN_PLAN for _ in range(n)]
    cycle = ("random", "random", "pct2", "pct3")
    out += [cycle[i % 4] for i in range(rest - minimum)]
    return out, minimum


class Exploration:
    """One explore() call."""

    def __init__(
        self,
        scenario: Callable[..., Any],
        module: str | tuple[str, ...],
        *,
        nodeid: str,
        salt: str,
        seed: int,
        runs: int,
        max_steps: int,
        lock_order: bool,
        leaks: bool,
        replay: dict[str, Any] | None,
        processes: str = "shared",
        step_budget: int = DEFAULT_STEP_BUDGET,
    ) -> None:
        self.scenario = scenario
        self.names = (module,) if isinstance(module, str) else tuple(module)
        self.nodeid = nodeid
        self.salt = salt
        self.seed = seed
        self.runs = runs
        self.max_steps = max_steps
        self.lock_order = lock_order
        self.leaks = leaks
        self.replay = replay
        self.processes = processes
        self.step_budget = step_budget
        self.counts: dict[str, int] = {}
        self.max_seen = 0
        self.steps_run = 0
        self.found_at = 1

    # -- entry ---------------------------------------------------------------------------------

    def start(self) -> ExploreReport:
        _check_interpreter()
        try:
            self.sources = [Source(n) for n in self.names]
        except LoadError as exc:
            raise ExplorationFailure(
                {
                    "kind": "import_error",
                    "message": i18n.t("import.short", text=exc.text)
                    + "\n"
                    + i18n.t("explain.hint_line", hint=i18n.local("hint.import_error", HINTS["import_error"])),
                    "hint": i18n.local("hint.import_error", HINTS["import_error"]),
                }
            ) from None
        self.files = frozenset(s.path for s in self.sources)
        codes = [c for s in self.sources for c in all_codes(s.code)]
        watched = shared_globals(codes)
        self.backend = choose_backend({c: accesses(c, watched) for c in codes})
        self.backend.start()
        pinned = _pin_to_current_cpu()
        self.workers = Workers()
        try:
            return self._search()
        finally:
            self.workers.close()
            _unpin(pinned)
            self.backend.stop()

    def _run(self, strategy: Strategy, trail: bool = False) -> RunResult:
        result = run_schedule(
            self.sources,
            self.scenario,
            strategy,
            self.backend,
            max_steps=self.max_steps,
            leaks=self.leaks,
            lock_order=self.lock_order,
            trail=trail,
            processes=self.processes,
            workers=self.workers,
        )
        self.max_seen = max(self.max_seen, result.steps)
        self.steps_run += result.steps
        return result

    def _report(self, exhaustive: bool = False) -> ExploreReport:
        total = sum(self.counts.values())
        return ExploreReport(total, dict(self.counts), exhaustive, self.max_seen, self.backend.name)

    def _count(self, name: str) -> None:
        self.counts[name] = self.counts.get(name, 0) + 1

    # -- search --------------------------------------------------------------------------------

    def _search(self) -> ExploreReport:
        if self.replay is not None:
            decisions = [int(d) for d in self.replay.get("decisions", [])]
            name = str(self.replay.get("strategy", "replay"))
            result = self._run(Replay(decisions, name, coarse=name == "dfs"))
            self._count("replay")
            self.found_at = int(self.replay.get("schedule", 1))
            if result.failure is not None:
                self._raise(result, name, int(self.replay.get("seed", 0)))
            return self._report()
        rr = self._run(RoundRobin())
        self._count("roundrobin")
        if rr.failure is not None:
            self._fail(rr, "roundrobin", 0)
        k = max(rr.steps, 10)
        small = rr.sched.visible <= SMALL_MODEL_DECISIONS and len(rr.sched.tasks) <= 4
        names, minimum = plan(self.runs)
        if not (small and len(names) > minimum):
            self._random_and_pct(names, 1, minimum, k)
            return self._report()
        self._random_and_pct(names[:minimum], 1, minimum, k)
        done = self._dfs(DFS_FACTOR * (len(names) - minimum))
        if done is not None:
            return self._report(done)
        # The bounded search cannot finish within the budget: spend what is left on random walks and PCT,
        # which spread over the whole space where an unfinished depth-first search stays in one corner of it.
        self._random_and_pct(names[minimum:], minimum + 1, minimum, k)
        return self._report()

    def _random_and_pct(self, names: list[str], first: int, minimum: int, k: int) -> None:
        """Run the schedules `names` (numbered from `first`) until the step budget is spent, but never stop
        before schedule `minimum`."""
        for i, name in enumerate(names, first):
            if i > minimum and self.steps_run > self.step_budget:
                return
            self._random_or_pct(i, name, k)

    def _random_or_pct(self, i: int, name: str, k: int) -> None:
        seed = derive_seed(self.salt, self.seed, self.nodeid, i)
        strategy: Strategy = RandomWalk(seed) if name == "random" else PCT(seed, int(name[-1]), k)
        result = self._run(strategy)
        self._count(name)
        if result.failure is not None:
            self._fail(result, name, seed)

    def _dfs(self, budget: int) -> bool | None:
        """Search every schedule with at most 2 preemptions: True when that finished, False when the budget
        ran out, None (early) when the schedules it still has to run cannot fit in what is left of it."""
        dfs = DFS(bound=2)
        prefix: list[int] | None = []
        step_cap = DFS_STEP_FACTOR * self.step_budget
        dfs_steps = 0
        for runs in range(1, budget + 1):
            if prefix is None:
                return True
            if self.steps_run > step_cap:
                return False
            result = self._run(Replay(prefix, "dfs", coarse=True), trail=True)
            dfs_steps += result.steps
            self._count("dfs")
            if result.failure is not None:
                self._fail(result, "dfs", 0)
            assert result.trail is not None
            dfs.feed(result.trail, result.decisions)
            prefix = dfs.next_prefix()
            if prefix is not None:
                left = min(budget - runs, (step_cap - self.steps_run) * runs / max(dfs_steps, 1))
                if dfs.pending() + 1 > left or (runs == 1 and dfs.estimate() > DFS_GIVE_UP * left):
                    return None
        return prefix is None

    # -- failure -------------------------------------------------------------------------------

    def _fail(self, result: RunResult, name: str, seed: int) -> None:
        assert result.failure is not None
        self.found_at = sum(self.counts.values())
        if result.failure.kind not in ("import_error",) and not result.failure.data.get("hung"):
            result = self._shrink(result, coarse=name == "dfs")
        self._raise(result, name, seed)

    def _shrink(self, best: RunResult, coarse: bool) -> RunResult:
        """Delta-debug the run's non-default choices: keep removing chunks while it still fails the same way."""
        assert best.failure is not None
        kind = best.failure.kind
        attempts = 0
        switches = switches_of(best.decisions, best.dec_cur, best.dec_first)
        chunk = max(1, len(switches) // 2)
        while attempts < SHRINK_ATTEMPTS and switches:
            keys = sorted(switches)
            removed = False
            for start in range(0, len(keys), chunk):
                if attempts >= SHRINK_ATTEMPTS:
                    break
                drop = set(keys[start : start + chunk])
                trial = {i: t for i, t in switches.items() if i not in drop}
                attempts += 1
                r = self._run(Switches(trial, coarse))
                if r.failure is not None and r.failure.kind == kind and not r.failure.data.get("hung"):
                    if _preemptions(r) <= _preemptions(best):
                        best = r
                        switches = switches_of(r.decisions, r.dec_cur, r.dec_first)
                        removed = True
                        break
            if not removed:
                if chunk == 1:
                    break
                chunk = max(1, chunk // 2)
        return best

    def _raise(self, result: RunResult, name: str, seed: int) -> None:
        failure = result.failure
        assert failure is not None
        explainer = Explainer(result.sched, Namer(result.modules), self.files)
        diagnosis = explainer.diagnose(failure)
        decisions = list(result.decisions)
        lines = [diagnosis["message"], i18n.t("explain.hint_line", hint=diagnosis["hint"])]
        if failure.kind != "import_error":
            lines.append(schedule_line(name, seed, decisions, _preemptions(result)))
        diagnosis["message"] = "\n".join(lines)
        diagnosis["replay"] = {"seed": seed, "strategy": name, "decisions": decisions, "schedule": self.found_at}
        raise ExplorationFailure(diagnosis)


def _preemptions(r: RunResult) -> int:
    return count_preemptions(r.decisions, r.dec_cur)


def _pin_to_current_cpu() -> set[int] | None:
    """Keep the calling thread, and the task threads it starts (they inherit it), on the CPU it runs on now.

    Only one task runs at a time, and each hand-over wakes the next task's thread: on the same CPU that costs
    about half as much as a wake-up on another one. The schedules, and so the verdicts, do not change. Returns
    the affinity to restore, or None when nothing was changed (no affinity API, one CPU, or /proc unreadable).
    """
    getaffinity = getattr(os, "sched_getaffinity", None)
    setaffinity = getattr(os, "sched_setaffinity", None)
    if getaffinity is None or setaffinity is None:
        return None
    try:
        allowed = set(getaffinity(0))
        with open("/proc/thread-self/stat", "rb") as f:
            # Field 39 is the CPU the thread last ran on; split after the command name, which may hold spaces.
            cpu = int(f.read().rpartition(b")")[2].split()[36])
        if len(allowed) < 2 or cpu not in allowed:
            return None
        setaffinity(0, {cpu})
    except (OSError, ValueError, IndexError):
        return None
    return allowed


def _unpin(allowed: set[int] | None) -> None:
    if allowed is not None:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, allowed)


def _check_interpreter() -> None:
    if sys.version_info < (3, 11) or platform.python_implementation() != "CPython":
        message = (
            f"ERROR: the schedule explorer needs CPython 3.11 or newer; this is "
            f"{platform.python_implementation()} {platform.python_version()}. The test cannot be graded here."
        )
        raise ExplorationFailure({"kind": "error", "message": message, "hint": "Run the grader with CPython 3.11+."})
