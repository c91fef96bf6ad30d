"""Same seed, same everything; replaying a diagnosis gives the same diagnosis."""

from __future__ import annotations

import pytest

from grader.explorer import ExplorationFailure
from grader.explorer import Explorer

from . import learners


def _diagnosis(name: str, scenario, **kw) -> dict:
    with pytest.raises(ExplorationFailure) as info:
        Explorer("t::det", salt="s", **kw)(scenario, module=name)
    return info.value.grader_diagnosis


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        (learners.RACY_BANK, "lost_update"),
        (learners.AB_DEADLOCK, None),
        (learners.PIPELINE.format(sentinels="consumers - 1"), "deadlock"),
        (learners.ACCOUNT_RACY, "lost_update"),
    ],
)
def test_rerun_and_replay_are_identical(learner, source, kind):
    name = learner("mod", source)

    def scenario(m):
        m.run()

    first = _diagnosis(name, scenario)
    again = _diagnosis(name, scenario)
    assert first == again
    if kind is not None:
        assert first["kind"] == kind
    replayed = _diagnosis(name, scenario, replay=first["replay"])
    assert replayed == first


def test_different_salts_may_differ_but_each_is_stable(learner):
    name = learner("mod", learners.RACY_BANK)
    a = [Explorer("t", salt=s)(lambda m: None, module=name, runs=3) for s in ("a", "b")]
    assert [r.runs for r in a] == [3, 3]


def test_a_passing_replay_passes(learner):
    name = learner("mod", learners.LOCKED_BANK)
    report = Explorer("t", replay={"seed": 1, "strategy": "random", "decisions": [1, 2, 1]})(
        lambda m: m.run(), module=name
    )
    assert report.runs == 1


def test_the_search_stops_on_counted_steps_not_on_the_clock(learner, monkeypatch):
    """Where a passing search stops depends on the steps its schedules took, never on wall time: a slow
    machine (here, a clock that jumps an hour on every read) runs exactly the same schedules."""
    import time

    name = learner("mod", learners.LOCKED_BANK)
    small = Explorer("t", salt="s")(lambda m: m.run(), module=name, step_budget=1)
    large = Explorer("t", salt="s")(lambda m: m.run(), module=name, step_budget=10**9)
    assert small.runs < large.runs  # the minimum plan, then nothing more
    clock = iter(range(0, 10**9, 3600))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    monkeypatch.setattr(time, "perf_counter", lambda: float(next(clock)))
    slow = Explorer("t", salt="s")(lambda m: m.run(), module=name, step_budget=10**9)
    assert (slow.runs, slow.strategies) == (large.runs, large.strategies)


def test_a_failure_says_which_schedule_found_it_and_replay_keeps_it(learner):
    name = learner("mod", learners.RACY_BANK)
    first = _diagnosis(name, lambda m: m.run())
    assert first["replay"]["schedule"] >= 1
    assert _diagnosis(name, lambda m: m.run(), replay=first["replay"])["replay"] == first["replay"]


def _uniform_tree_search(depth: int, width: int, blocked: frozenset[int]) -> tuple[int, int]:
    """Run a bounded DFS over a tree whose every branch has the same levels; return (estimate, real size)."""
    from grader.explorer.strategies import DFS

    def run(prefix: list[int]) -> tuple[list[tuple[tuple[int, ...], int]], list[int]]:
        trail, decisions, cur = [], [], 0
        for level in range(depth):
            choice = prefix[level] if level < len(prefix) else cur
            trail.append((tuple(range(width)), -1 if level in blocked else cur))
            decisions.append(choice)
            cur = choice
        return trail, decisions

    dfs = DFS(bound=2)
    dfs.feed(*run([]))
    estimate = dfs.estimate()
    size: int = 1
    prefix = dfs.next_prefix()
    while prefix is not None:
        size += 1
        dfs.feed(*run(prefix))
        assert dfs.pending() < estimate
        prefix = dfs.next_prefix()
    assert dfs.pending() == 0
    return estimate, size


@pytest.mark.parametrize(("depth", "width", "blocked"), [(6, 2, ()), (8, 3, ()), (5, 2, (1, 3)), (4, 3, (0,))])
def test_the_dfs_estimate_is_exact_when_every_branch_looks_alike(depth, width, blocked):
    estimate, size = _uniform_tree_search(depth, width, frozenset(blocked))
    assert estimate == size


def test_a_bounded_search_that_cannot_finish_gives_way_to_random_and_pct(learner):
    # Three threads, each taking a lock three times: few decisions per run (a "small" model), but far more
    # schedules with two preemptions than the budget allows.
    name = learner(
        "busy",
        """
        import threading
        lock = threading.Lock()
        total = []
        def work(i):
            for _ in range(3):
                with lock:
                    total.append(i)
        def run():
            threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return len(total)
        """,
    )
    report = Explorer("t", salt="s")(lambda m: m.run(), module=name)
    assert not report.exhaustive
    assert report.strategies.get("dfs", 0) < 10
    assert report.strategies["random"] > 30  # the minimum plan has 30 random walks; the rest came after DFS
