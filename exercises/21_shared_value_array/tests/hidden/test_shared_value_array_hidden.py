"""Hidden tests for shared counts: the lock around every read-modify-write, shared memory, real children."""

from __future__ import annotations

import multiprocessing
import os
import sys
from functools import partial
from pathlib import Path

import pytest
import shared_counts

from grader.explorer import Violation
from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import shared_helpers_hidden as helpers  # importable by name in the children


def violation(kind, message):
    """A Violation the grader reports as `kind` outside explore() too."""
    exc = Violation(kind, message)
    exc.grader_diagnosis = {"kind": kind, "message": message}
    return exc


@pytest.fixture(autouse=True)
def no_children_left_behind():
    yield
    for p in multiprocessing.active_children():
        p.terminate()
    for p in multiprocessing.active_children():
        p.join(2)
        if p.is_alive():
            p.kill()
            p.join(2)


def check_guarded(guarded, where):
    if guarded.problems:
        raise violation("lost_update", f"{where}: {guarded.problems[0]}")
    if guarded.lock.depth:
        raise violation(
            "deadlock",
            f"{where} returned while still holding {guarded.name}.get_lock(): every other process would wait for "
            "it forever. Use `with ...get_lock():` so that the lock is always released.",
        )


def check_children(folder, where, expected_children):
    seen = helpers.notes(folder)
    pids = [pid for pid, _ in seen]
    if os.getpid() in pids:
        raise violation(
            "serialized",
            f"{where}: the worker ran inside the parent process (in a thread or called directly), not in a child "
            "process. Start one multiprocessing.Process(target=worker, args=(...)) per job.",
        )
    assert len(pids) == expected_children and len(set(pids)) == expected_children, (
        f"{where}: the worker ran in {len(set(pids))} different child process(es) ({len(pids)} call(s)), "
        f"expected {expected_children}, one per job."
    )
    running = multiprocessing.active_children()
    if running:
        raise violation(
            "leaked_process",
            f"{where} returned while {len(running)} of its children were still running: join() every child "
            "before reading the shared result.",
        )
    return {kind for _, kind in seen}


@pytest.mark.points(1)
def test_module_api():
    for name in ("add_times", "count_in_processes", "count_votes", "tally_in_processes"):
        assert callable(getattr(shared_counts, name, None)), f"shared_counts.py must define a function {name}."


@pytest.mark.points(2)
def test_add_times_locks_each_read_modify_write():
    counter = helpers.GuardedValue(100)
    shared_counts.add_times(counter, 7)
    where = "add_times(counter, 7) on a counter holding 100"
    check_guarded(counter, where)
    assert same(counter.value, 107), f"{where} left counter.value == {show(counter._value)}, expected 107 (100 + 7)."


@pytest.mark.points(2)
def test_count_votes_locks_each_read_modify_write():
    counts = helpers.GuardedArray([5, 0, 0, 2])
    shared_counts.count_votes(counts, [0, 2, 2, 3, 0, -1])
    where = "count_votes(counts, [0, 2, 2, 3, 0, -1]) on counts [5, 0, 0, 2]"
    check_guarded(counts, where)
    got = counts.snapshot()
    assert same(got, [7, 0, 2, 4]), f"{where} left counts == {show(got)}, expected [7, 0, 2, 4] (one more per vote)."
    empty = helpers.GuardedArray([1, 1])
    shared_counts.count_votes(empty, [])
    assert same(empty.snapshot(), [1, 1]), "count_votes(counts, []) must leave counts unchanged."


@pytest.mark.points(1)
def test_count_in_processes_shares_the_counter_with_real_children(tmp_path):
    where = "count_in_processes(3, 200, worker=<a correct worker>)"
    out = shared_counts.count_in_processes(3, 200, worker=partial(helpers.add_noting_pid, str(tmp_path)))
    kinds = check_children(tmp_path, where, 3)
    if kinds != {"shared"}:
        raise AssertionError(
            f"{where}: the worker got a {'/'.join(sorted(kinds - {'shared'}))}, not a shared multiprocessing.Value: "
            "each child changes its own copy and the parent never sees it. Create counter = "
            'multiprocessing.Value("i", 0) and pass it to every child.'
        )
    assert same(out, 600), (
        f"{where} returned {show(out)}, expected 600: return counter.value after joining every child."
    )
    assert same(shared_counts.count_in_processes(2, 0), 0), "count_in_processes(2, 0) must return 0."


@pytest.mark.points(1)
def test_count_in_processes_loses_no_update():
    where = "count_in_processes(2, 20000) (two processes, 20000 increments each)"
    out = shared_counts.count_in_processes(2, 20000)
    if type(out) is int and 20000 <= out < 40000:  # both children counted, some updates collided
        raise violation(
            "lost_update",
            f"{where} returned {out}, expected 40000: {40000 - out} increments were lost when the two processes "
            "wrote counter.value at the same time. Hold counter.get_lock() around `counter.value += 1`.",
        )
    assert same(out, 40000), (
        f"{where} returned {show(out)}, expected 40000. 0 (or what the parent itself counted) means the parent never "
        "saw the children's work: count in a shared multiprocessing.Value, not in a global variable."
    )


@pytest.mark.points(1)
def test_tally_in_processes_shares_the_array_with_real_children(tmp_path):
    where = "tally_in_processes([[0, 1, 1], [2], []], 3, worker=<a correct worker>)"
    out = shared_counts.tally_in_processes(
        [[0, 1, 1], [2], []], 3, worker=partial(helpers.count_noting_pid, str(tmp_path))
    )
    kinds = check_children(tmp_path, where, 3)
    if kinds != {"shared"}:
        raise AssertionError(
            f"{where}: the worker got a {'/'.join(sorted(kinds - {'shared'}))}, not a shared multiprocessing.Array: "
            "each child changes its own copy and the parent sees only zeros. Create counts = "
            'multiprocessing.Array("i", n_options) and pass it to every child.'
        )
    assert type(out) is list, f"{where} returned {show(out)}: return list(counts), a plain list."
    assert same(out, [1, 2, 1]), f"{where} returned {show(out)}, expected [1, 2, 1]."


@pytest.mark.points(1)
def test_tally_in_processes_loses_no_vote():
    chunks = [[i % 3 for i in range(9000)], [i % 3 for i in range(9000)]]
    where = "tally_in_processes(two chunks of 9000 votes for options 0, 1, 2, 3)"
    out = shared_counts.tally_in_processes(chunks, 4)
    out = list(out) if type(out) in (list, tuple) else out
    counted = type(out) is list and len(out) == 4 and all(type(n) is int for n in out)
    if counted and 9000 <= sum(out) < 18000:  # both children counted, some collided
        raise violation(
            "lost_update",
            f"{where} returned {out}, expected [6000, 6000, 6000, 0]: {18000 - sum(out)} votes were lost when "
            "the processes wrote the same slot at the same time. Hold counts.get_lock() around "
            "`counts[v] += 1`.",
        )
    assert same(out, [6000, 6000, 6000, 0]), (
        f"{where} returned {show(out)}, expected [6000, 6000, 6000, 0]. All zeros means the parent never saw the "
        "children's votes: count in a shared multiprocessing.Array, and return list(counts)."
    )
