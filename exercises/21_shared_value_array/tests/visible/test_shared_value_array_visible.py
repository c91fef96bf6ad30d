"""Visible tests for shared counts: run them with `grade 21` while you work."""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

import pytest
import shared_counts

from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import shared_helpers_visible as helpers


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


@pytest.mark.points(1)
def test_add_times_holds_the_lock():
    # A stand-in for a shared Value that notes every write not made under the same get_lock() as its read.
    counter = helpers.GuardedValue(0)
    shared_counts.add_times(counter, 3)
    assert not counter.problems, counter.problems[0]
    assert same(counter.value, 3), f"add_times(counter, 3) left counter.value == {show(counter._value)}, expected 3."


@pytest.mark.points(1)
def test_count_in_processes():
    out = shared_counts.count_in_processes(2, 1000)
    assert same(out, 2000), (
        f"count_in_processes(2, 1000) returned {show(out)}, expected 2000; "
        "less means lost updates (hold counter.get_lock()), 0 means the parent never saw the children's work."
    )


@pytest.mark.points(1)
def test_tally_in_processes():
    out = shared_counts.tally_in_processes([[0, 1, 1], [1, 2]], 3)
    assert same(list(out) if type(out) in (list, tuple) else out, [1, 3, 1]), (
        f"tally_in_processes([[0, 1, 1], [1, 2]], 3) returned {show(out)}, expected [1, 3, 1]; "
        "[0, 0, 0] means each child counted in its own copy: use a shared multiprocessing.Array."
    )
