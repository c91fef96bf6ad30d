"""How the next thread is chosen: round-robin, random walk, PCT, replay, and preemption-bounded DFS."""

from __future__ import annotations

import hashlib
import random

from .scheduler import Scheduler
from .tasks import Task


def derive_seed(salt: str, base_seed: int, nodeid: str, i: int) -> int:
    """sha256(salt, seed, nodeid, i): the same schedules for every learner and every machine."""
    digest = hashlib.sha256(f"{salt}\x00{base_seed}\x00{nodeid}\x00{i}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


class RoundRobin:
    """Switch to the next runnable thread at every decision point."""

    name = "roundrobin"

    def choose(self, sched: Scheduler, cands: list[Task], cur: Task) -> Task:
        for t in cands:
            if t.tid > cur.tid:
                return t
        return cands[0]


class RandomWalk:
    """A uniformly random runnable thread at every decision point."""

    name = "random"

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed).random

    def choose(self, sched: Scheduler, cands: list[Task], cur: Task) -> Task:
        return cands[int(self._random() * len(cands))]


class PCT:
    """Probabilistic concurrency testing: random priorities, depth-1 random priority drops among k steps."""

    def __init__(self, seed: int, depth: int, k: int) -> None:
        self.name = f"pct{depth}"
        self._rng = random.Random(seed)
        k = max(k, depth)
        self._changes = sorted(self._rng.sample(range(1, k + 1), depth - 1))
        self._prio: dict[int, float] = {}
        self._low = 0.0

    def choose(self, sched: Scheduler, cands: list[Task], cur: Task) -> Task:
        changes = self._changes
        prio = self._prio
        while changes and sched.steps >= changes[0]:
            changes.pop(0)
            self._low -= 1.0
            prio[cur.tid] = self._low
        # The first task of highest priority; a task gets its priority when first seen, in candidate order.
        best = cands[0]
        top = -float("inf")
        for t in cands:
            p = prio.get(t.tid)
            if p is None:
                p = prio[t.tid] = 1.0 + self._rng.random()
            if p > top:
                best, top = t, p
        return best


class Replay:
    """Follow recorded decisions (thread ids), then never preempt: keep the running thread while it can run."""

    def __init__(self, decisions: list[int], name: str = "replay", coarse: bool = False) -> None:
        self.decisions = decisions
        self.name = name
        self.coarse = coarse

    def choose(self, sched: Scheduler, cands: list[Task], cur: Task) -> Task:
        i = len(sched.decisions)
        if i < len(self.decisions):
            tid = self.decisions[i]
            for t in cands:
                if t.tid == tid:
                    return t
        if cur in cands:
            return cur
        return cands[0]


class Switches:
    """Take the recorded non-default choices at their decision indices; elsewhere never preempt."""

    name = "shrink"

    def __init__(self, switches: dict[int, int], coarse: bool = False) -> None:
        self.switches = switches
        self.coarse = coarse

    def choose(self, sched: Scheduler, cands: list[Task], cur: Task) -> Task:
        tid = self.switches.get(len(sched.decisions))
        if tid is not None:
            for t in cands:
                if t.tid == tid:
                    return t
        if cur in cands:
            return cur
        return cands[0]


def switches_of(decisions: list[int], dec_cur: list[int], dec_first: list[int]) -> dict[int, int]:
    """The decisions that differ from the non-preemptive default."""
    out = {}
    for i, (d, c, f) in enumerate(zip(decisions, dec_cur, dec_first, strict=False)):
        default = c if c != -1 else f
        if d != default:
            out[i] = d
    return out


def count_preemptions(decisions: list[int], dec_cur: list[int]) -> int:
    """Decisions that switched away from a thread that could have continued."""
    return sum(1 for d, c in zip(decisions, dec_cur, strict=False) if c != -1 and d != c)


class DFS:
    """Stateless depth-first search over all schedules with at most ``bound`` preemptions (CHESS)."""

    def __init__(self, bound: int = 2) -> None:
        self.bound = bound
        # per decision level: [candidates, current-or--1, chosen, tried, preemptions before this level]
        self.levels: list[list[object]] = []

    def feed(self, trail: list[tuple[tuple[int, ...], int]], decisions: list[int]) -> None:
        """Add the levels a run discovered beyond the replayed prefix."""
        pre = 0
        if self.levels:
            last = self.levels[-1]
            chosen, cur, before = last[2], last[1], last[4]
            assert isinstance(before, int)
            pre = before + (1 if cur != -1 and chosen != cur else 0)
        for i in range(len(self.levels), len(decisions)):
            cands, cur = trail[i]
            ch = decisions[i]
            self.levels.append([cands, cur, ch, {ch}, pre])
            if cur != -1 and ch != cur:
                pre += 1

    def estimate(self, cap: int = 1 << 30) -> int:
        """How many schedules the whole search would take if every branch looked like the run fed so far.

        A rough guess (later branches may be longer or shorter), used before a search starts to tell one that
        can finish from one that cannot: count the schedules of the fed run's decision levels that spend at
        most ``bound`` preemptions, where a choice after the running thread blocked costs none.
        """
        counts = [1] * (self.bound + 1)  # counts[r]: schedules of the levels below with r preemptions left
        for cands, cur, _ch, _tried, _pre in reversed(self.levels):
            assert isinstance(cands, tuple)
            width = len(cands)
            if cur == -1:
                counts = [min(width * n, cap) for n in counts]
            else:
                counts = [
                    min(counts[r] + (width - 1) * counts[r - 1] if r else counts[r], cap) for r in range(len(counts))
                ]
        return counts[self.bound]

    def pending(self) -> int:
        """How many schedules are still to run at least: one per untried choice the bound allows."""
        total = 0
        for cands, cur, _ch, tried, pre in self.levels:
            assert isinstance(cands, tuple) and isinstance(tried, set) and isinstance(pre, int)
            for tid in cands:
                if tid not in tried and pre + (1 if cur != -1 and tid != cur else 0) <= self.bound:
                    total += 1
        return total

    def next_prefix(self) -> list[int] | None:
        """The decisions of the next schedule to try, or None when the bounded space is exhausted."""
        while self.levels:
            cands, cur, _ch, tried, pre = self.levels[-1]
            assert isinstance(cands, tuple) and isinstance(tried, set) and isinstance(pre, int)
            for tid in cands:
                if tid in tried:
                    continue
                if pre + (1 if cur != -1 and tid != cur else 0) > self.bound:
                    continue
                tried.add(tid)
                self.levels[-1][2] = tid
                return [int(lv[2]) for lv in self.levels]  # type: ignore[call-overload]
            self.levels.pop()
        return None
