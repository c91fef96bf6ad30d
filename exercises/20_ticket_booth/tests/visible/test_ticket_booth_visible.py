"""Visible tests for the ticket booth: run them with `grade 20` while you work."""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path

import pytest
import ticket_booth

from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
from booth_jobs_visible import Rendezvous  # importable by name in the children


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
def test_the_last_ticket_is_sold_once(tmp_path):
    # Every buyer that has read the file waits there until all of them have read it (a slow network),
    # so without a lock all three buyers see the same last ticket.
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    db = tmp_path / "db.txt"
    db.write_text(json.dumps({"count": 1}), encoding="utf-8")
    sold = ticket_booth.run(str(db), 3, Rendezvous(meeting, 3))
    assert same(sold, 1), (
        f"run(db, 3) with 1 ticket in db sold {show(sold)} tickets. Hold a multiprocessing.Lock, shared by all the "
        "buyers, around the whole of get()."
    )


@pytest.mark.points(1)
def test_everyone_gets_a_ticket_when_there_are_enough(tmp_path):
    db = tmp_path / "db.txt"
    db.write_text(json.dumps({"count": 5}), encoding="utf-8")
    sold = ticket_booth.run(str(db), 2)
    count = json.loads(db.read_text(encoding="utf-8"))["count"]
    assert same((sold, count), (2, 3)), (
        f"run(db, 2) with 5 tickets sold {show(sold)} and left {show(count)}; expected 2 and 3."
    )
