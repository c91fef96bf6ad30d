"""Hidden tests for the process pipeline: every item exactly once, eaten in consumer processes, all ended."""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import kitchen
import pytest

from grader import testing
from grader.explorer import Violation
from grader.realproc import HangGuard

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kitchen_jobs_hidden import SlowBatch  # importable by name in the children

HANG_LIMIT = 8.0  # seconds at most; a correct run() here takes a fraction of a second
# A hang is caught sooner, once nothing has run for IDLE seconds. The longest designed wait here is the 0.5 s
# sleep of a SlowBatch, which looks just as idle: IDLE stays at least three times that.
IDLE = 1.5
BIG = 200_000  # characters: more than a pipe holds (64 KiB), so a result must be read before its sender can end


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


def _key(item):
    # type and repr keep 0, 0.0, False and "" apart (0 == False == 0.0 in Python); testing.show() is repr()
    # for plain data and names anything else by its type without running its code, so a lying item never
    # matches the one expected.
    text = testing.show(item)
    return (type(item).__name__, text if len(text) < 40 else f"{text[:8]}...({len(text)} characters)")


def show(items):
    return "[" + ", ".join(text for _, text in map(_key, items)) + "]"


def usable(items):
    # Only a plain sentinel is compared by value (with the builtin's ==): a lying one must not hide items.
    sentinel = kitchen.SENTINEL
    return [item for item in items if not (item is sentinel or (testing.plain(sentinel) and item == sentinel))]


def check_eaten(out, batches, n_consumers, where):
    expected = [item for batch in batches for item in list.__iter__(batch)]
    assert type(out) is list, f"{where} returned {testing.show(out)}; it must return a plain list of (pid, item)."
    for record in out:
        assert type(record) is tuple and len(record) == 2 and type(record[0]) is int, (
            f"{where} returned {show(out)}: every entry must be a (pid, item) pair as put on the result queue by "
            "a consumer."
        )
    items = [item for _, item in out]
    want = Counter(map(_key, expected))
    got = Counter(map(_key, items))
    lost = list((want - got).elements())
    extra = list((got - want).elements())
    if lost or extra:
        problems = []
        if lost:
            problems.append("lost: " + ", ".join(text for _, text in lost))
        if extra:
            problems.append("eaten twice or never cooked: " + ", ".join(text for _, text in extra))
        raise violation(
            "lost_item",
            f"{where} returned the items {show(items)}; {'; '.join(problems)}. Every item a producer puts must "
            "be eaten by exactly one consumer and come back through the result queue. Items go missing when a "
            "consumer stops early (at a falsy item such as 0, '' or False, when the queue is only momentarily "
            "empty, or at a sentinel sent before every producer had finished), or when run() stops reading "
            "results too soon.",
        )
    pids = {pid for pid, _ in out}
    if os.getpid() in pids:
        raise violation(
            "serialized",
            f"{where}: some items were eaten by the parent process itself (pid {os.getpid()}). Start "
            f"{n_consumers} multiprocessing.Process(target=consumer, ...) and let them do the eating.",
        )
    if len(pids) > n_consumers:
        raise violation(
            "over_limit",
            f"{where}: the items were eaten by {len(pids)} different processes, but there are only "
            f"{n_consumers} consumers.",
        )


def run(batches, n_consumers, where):
    with HangGuard(Hang, limit=HANG_LIMIT, idle=IDLE) as dog:
        out = kitchen.run(batches, n_consumers)
    if dog.fired:
        raise violation(
            "timeout",
            f"{where} was stuck ({dog.how}), so the grader killed its processes. Something "
            "waits forever: does every consumer get a SENTINEL of its own (one per consumer, after all "
            "producers have finished)? Does run() read every result from the result queue before it joins the "
            "consumers? A process that still has data to hand over through a queue does not end until someone "
            "reads it. Does every process share the same multiprocessing.Queue (a queue.Queue is copied into "
            "each child and connects nobody)?",
        )
    running = multiprocessing.active_children()
    if running:
        raise violation(
            "leaked_process",
            f"{where} returned while {len(running)} of its processes were still running: join every producer "
            "and every consumer before returning.",
        )
    check_eaten(out, batches, n_consumers, where)
    return out


@pytest.mark.points(1)
def test_module_api():
    for name in ("SENTINEL", "producer", "consumer", "run"):
        assert hasattr(kitchen, name), f"kitchen.py must define {name} (see the instructions)."
    out = run([], 1, "run([], 1) (no producers at all)")
    assert testing.same(out, []), f"run([], 1) must return [], got {testing.show(out)}."


@pytest.mark.points(2)
def test_three_cooks_two_eaters():
    batches = [["bun0", "bun1"], ["bone0"], ["slop0", "slop1"]]
    run(batches, 2, f"run({batches!r}, 2)")


@pytest.mark.points(2)
def test_falsy_items_are_real_items():
    batches = [usable([0, ""]), usable([False, 0.0]), usable(["x"])]
    run(batches, 2, f"run({batches!r}, 2)")


@pytest.mark.points(1)
def test_more_consumers_than_items():
    batches = [[1]]
    run(batches, 3, "run([[1]], 3)")


@pytest.mark.points(2)
def test_a_slow_cook():
    # This cook needs half a second before its first dish: the eaters must still be there.
    batches = [SlowBatch(["late0", "late1"]), ["early"]]
    run(batches, 2, "run([a batch whose cook needs 0.5 s first, ['early']], 2)")


@pytest.mark.points(2)
def test_big_dishes():
    batches = [["a" * BIG, "b" * BIG], ["c" * BIG]]
    run(batches, 2, f"run([three items of {BIG} characters each in two batches], 2)")


@pytest.mark.points(1)
def test_producer_puts_exactly_its_items():
    items = usable([3, 0, "", False, "x"])
    q = queue.Queue()
    kitchen.producer(q, items)
    kitchen.producer(q, [])
    got = []
    while not q.empty():
        got.append(q.get_nowait())
    assert list(map(_key, got)) == list(map(_key, items)), (
        f"producer(q, {items!r}) then producer(q, []) left {show(got)} on the queue; expected exactly "
        f"{show(items)}. A producer puts its items and nothing else: run() sends the sentinels, once all "
        "producers are done (a producer cannot know whether the others have finished)."
    )


@pytest.mark.points(1)
def test_consumer_eats_until_the_sentinel():
    items = usable([0, "", False, "x"])
    q = queue.Queue()
    for item in [*items, kitchen.SENTINEL, "after the sentinel"]:
        q.put(item)
    results = queue.Queue()
    kitchen.consumer(q, results)  # must return once it meets SENTINEL
    got = []
    while not results.empty():
        got.append(results.get_nowait())
    assert all(type(entry) is tuple and len(entry) == 2 for entry in got), (
        f"consumer put {show(got)} on results; each entry must be (os.getpid(), item)."
    )
    assert testing.same([pid for pid, _ in got], [os.getpid()] * len(got)), (
        f"consumer put {show(got)} on results; each entry must be (os.getpid(), item)."
    )
    eaten = [item for _, item in got]
    assert list(map(_key, eaten)) == list(map(_key, items)), (
        f"consumer on a queue holding {show(items)}, SENTINEL, 'after the sentinel' reported {show(eaten)}; "
        f"expected exactly {show(items)}: stop at SENTINEL (compare with `is`), not at the first falsy item."
    )
    assert testing.same(q.get_nowait(), "after the sentinel"), "consumer took more items after it met SENTINEL."


class WatchedQueue(queue.Queue):
    """A queue that starts empty and tells the test once a consumer waits on it.

    Waiting is a blocking get(), or a second look (get or empty()) after the first found nothing: a consumer
    that polls and retries waits too, one that quits at the first empty look does not.
    """

    def __init__(self):
        super().__init__()
        self.waiting = threading.Event()
        self._looks = 0

    def _look(self, blocking):
        self._looks += 1
        if blocking or self._looks > 1:
            self.waiting.set()

    def get(self, block=True, timeout=None):
        self._look(block and (timeout is None or timeout > 0))
        return super().get(block, timeout)

    def empty(self):
        self._look(False)
        return super().empty()


@pytest.mark.points(1)
def test_consumer_waits_while_the_queue_is_empty():
    # A consumer that starts before the first dish is cooked must wait for it: an empty queue only means the
    # producers have not caught up yet. The dishes are put once the consumer waits (or has returned), so the
    # verdict does not depend on which of the two gets there first.
    items = usable(["soup", 0, ""])
    q = WatchedQueue()
    results = queue.Queue()
    eater = threading.Thread(target=kitchen.consumer, args=(q, results), daemon=True)
    eater.start()
    deadline = time.monotonic() + HANG_LIMIT
    while eater.is_alive() and not q.waiting.wait(0.01) and time.monotonic() < deadline:
        pass
    returned_early = not eater.is_alive()
    for item in [*items, kitchen.SENTINEL]:
        q.put(item)
    eater.join(HANG_LIMIT)
    if eater.is_alive():
        raise violation(
            "timeout",
            f"consumer(q, results) on a queue that got {show(items)} and then SENTINEL did not return within "
            f"{HANG_LIMIT:g} s: it must stop once it takes SENTINEL.",
        )
    got = []
    while not results.empty():
        got.append(results.get_nowait())
    eaten = [entry[1] if type(entry) is tuple and len(entry) == 2 else entry for entry in got]
    if list(map(_key, eaten)) != list(map(_key, items)):
        early = " It returned before the first item arrived." if returned_early else ""
        raise violation(
            "lost_item",
            f"consumer(q, results) was started on an empty queue that then got {show(items)} and SENTINEL; it "
            f"reported {show(eaten)}.{early} A consumer must wait for items until it takes SENTINEL: an empty "
            "queue only means the producers have not caught up yet (`while not q.empty()` quits too soon; "
            "q.get() waits).",
        )
