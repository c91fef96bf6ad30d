"""Visible tests for the process pipeline: run them with `grade 16` while you work."""

from __future__ import annotations

import multiprocessing
import os

import kitchen
import pytest

from grader.realproc import HangGuard
from grader.testing import exact_type

HANG_LIMIT = 8.0  # seconds at most
IDLE = 1.5  # seconds in which nothing ran in any process: a hang


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


class Hang(Exception):
    pass


def run(batches, n_consumers):
    """kitchen.run, stopped (its processes killed) once it hangs: nothing ran for IDLE s, or HANG_LIMIT s passed."""
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as guard:
        out = kitchen.run(batches, n_consumers)
    assert not guard.fired, (
        f"run({batches!r}, {n_consumers}) was stuck ({guard.how}): does every consumer get "
        "a SENTINEL of its own, and does run() read every result before joining the consumers?"
    )
    # Plain (pid, item) pairs all the way down: sorted() and == below run only the builtins' code.
    return exact_type(out, list[tuple[int, object]], f"what run({batches!r}, {n_consumers}) returned")


@pytest.mark.points(1)
def test_three_cooks_two_eaters():
    batches = [["bun0", "bun1"], ["bone0"], ["slop0"]]
    out = run(batches, 2)
    items = sorted(item for _, item in out)
    assert items == ["bone0", "bun0", "bun1", "slop0"], (
        f"run({batches!r}, 2) returned {out!r}; expected one (pid, item) for each of the four items."
    )
    assert os.getpid() not in {pid for pid, _ in out}, "The items must be eaten in consumer processes."


@pytest.mark.points(1)
def test_falsy_items_are_real_items():
    out = run([[0, "a"], ["", False]], 2)
    items = sorted(repr(item) for _, item in out)
    assert items == sorted(map(repr, [0, "a", "", False])), (
        f"run([[0, 'a'], ['', False]], 2) returned {out!r}; 0, '' and False are items like any other."
    )


@pytest.mark.points(1)
def test_more_consumers_than_items():
    out = run([[1]], 3)
    assert [item for _, item in out] == [1], f"run([[1]], 3) returned {out!r}."
