"""Hidden tests for the ticket booth: never more tickets sold than there were, and the file agrees."""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path

import pytest
import ticket_booth

from grader.explorer import Violation
from grader.realproc import HangGuard
from grader.testing import exact_type
from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
from booth_jobs_hidden import Instant  # importable by name in the children
from booth_jobs_hidden import Rendezvous

HANG_LIMIT = 20.0  # seconds at most; a correct run() here takes a few seconds at most
# A hang is caught sooner, once nothing has run for IDLE seconds. Nothing here sleeps for long by design: a buyer
# waiting at the Rendezvous polls every 5 ms, which counts as running.
IDLE = 1.5


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


class Hang(Exception):
    """Raised in the main thread by the watchdog's signal: the learner's call was stuck."""


def make_db(tmp_path, count):
    db = tmp_path / "db.txt"
    db.write_text(json.dumps({"count": count}), encoding="utf-8")
    return db


def left(db):
    return json.loads(Path(db).read_text(encoding="utf-8"))["count"]


def rush(tmp_path, tickets, n_buyers):
    """n_buyers racing for `tickets` tickets; every buyer that has read the file waits there for the others."""
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    db = make_db(tmp_path, tickets)
    where = f"run(db, {n_buyers}) with {tickets} ticket(s) in db"
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as dog:
        sold = ticket_booth.run(str(db), n_buyers, Rendezvous(meeting, n_buyers))
    if dog.fired:
        raise violation("timeout", f"{where} was stuck ({dog.how}), so the grader killed its processes.")
    running = multiprocessing.active_children()
    if running:
        raise violation(
            "leaked_process", f"{where} returned while {len(running)} buyer(s) were still running: join them all."
        )
    exact_type(sold, int, f"the number of tickets {where} returned")
    remaining = exact_type(left(db), int, f"the count {where} left in db")
    expected = min(tickets, n_buyers)
    lock_advice = (
        "Hold one multiprocessing.Lock, created in run() and passed to every buyer, around the whole of get(): "
        "from reading the file to writing it back. A lock around the write alone still lets every buyer read "
        "the same count; a threading.Lock, or a lock created inside each buyer, is never shared between "
        "processes."
    )
    if sold > tickets:
        raise violation(
            "over_limit",
            f"{where}: {sold} buyers got a ticket, but there were only {tickets}. Every buyer read the count "
            f"before any of them wrote it back. {lock_advice}",
        )
    if sold + remaining != tickets:
        raise violation(
            "lost_update",
            f"{where}: {sold} tickets were sold, yet db says {remaining} are left (it should say "
            f"{tickets - sold}): buyers wrote back counts read before another buyer's write. {lock_advice}",
        )
    assert sold == expected, (
        f"{where} returned {sold!r}, expected {expected}: every buyer should get a ticket while there are any, "
        "and run() returns how many were bought."
    )


@pytest.mark.points(1)
def test_search_and_get(tmp_path):
    db = make_db(tmp_path, 2)
    assert same(ticket_booth.search(str(db)), 2), "search(db) must return the count in db, the int 2."
    assert ticket_booth.get(str(db), Instant()) is True, "get(db, network) with 2 tickets left must return True."
    assert same(left(db), 1), f"after one get(db, network) db must say 1 ticket left, not {left(db)}."
    empty = make_db(tmp_path, 0)
    assert ticket_booth.get(str(empty), Instant()) is False, "get(db, network) with no ticket left must return False."
    assert same(left(empty), 0), "get(db, network) with no ticket left must leave db unchanged."


@pytest.mark.points(3)
def test_one_ticket_three_buyers(tmp_path):
    rush(tmp_path, 1, 3)


@pytest.mark.points(3)
def test_five_tickets_three_buyers(tmp_path):
    rush(tmp_path, 5, 3)


@pytest.mark.points(2)
def test_two_tickets_three_buyers(tmp_path):
    rush(tmp_path, 2, 3)


@pytest.mark.points(1)
def test_no_ticket_at_all(tmp_path):
    db = make_db(tmp_path, 0)
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as dog:
        sold = ticket_booth.run(str(db), 2, Instant())
    if dog.fired:
        raise violation("timeout", f"run(db, 2) with no ticket was stuck ({dog.how}).")
    assert same(sold, 0) and same(left(db), 0), (
        f"run(db, 2) with no ticket returned {show(sold)} and left db at {left(db)}."
    )
