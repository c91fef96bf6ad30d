"""Visible tests for the Manager: run them with `grade 19` while you work."""

from __future__ import annotations

import multiprocessing
import os

import pytest
import shared_records

from grader.testing import exact_type
from grader.testing import show


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


@pytest.mark.points(2)
def test_the_parent_sees_every_record():
    out = shared_records.run(["a", "b"])
    assert type(out) is tuple and len(out) == 2, f"run(['a', 'b']) returned {show(out)}; it must return (dict, list)."
    d, lst = exact_type(out, tuple[dict, list], "what run(['a', 'b']) returned")
    assert sorted(lst) == ["a", "b"] and sorted(d) == ["a", "b"], (
        f"run(['a', 'b']) returned ({d!r}, {lst!r}); the parent must see what both children recorded. "
        "A plain dict or list is copied into each child: use a multiprocessing.Manager()'s dict and list."
    )
    assert os.getpid() not in d.values(), "The items must be recorded by child processes."


@pytest.mark.points(1)
def test_plain_copies_and_nothing_left_running():
    d, lst = shared_records.run(["x"])
    assert type(d) is dict and type(lst) is list, (
        f"run(['x']) returned a {type(d).__name__} and a {type(lst).__name__}: return dict(proxy), list(proxy)."
    )
    assert not multiprocessing.active_children(), "run() left a process running: is the manager shut down?"
