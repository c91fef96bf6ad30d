"""Hidden tests for the sentinel pipeline: every item exactly once, every thread finished."""

from __future__ import annotations

from collections import Counter

import pipeline
import pytest

from grader.explorer import Violation
from grader.testing import exact_type
from grader.testing import plain
from grader.testing import show


def usable(mod, items):
    """The items minus any that equal the learner's own SENTINEL (the contract never sends those)."""
    sentinel = mod.SENTINEL
    # Only a plain sentinel is compared by value (with the builtin's ==): a lying one must not hide items.
    return [item for item in items if not (item is sentinel or (plain(sentinel) and item == sentinel))]


def _key(item):
    # repr keeps 0, False and "" apart (0 == False in Python); show() names an item that is not plain data
    # by its type and never runs its code, so a lying item is never the one expected.
    return (type(item).__name__, show(item))


def check_items(mod, out, expected, where):
    assert type(out) is list, f"{where} returned {show(out)}; it must return a plain list of the items."
    for item in out:
        assert item is not mod.SENTINEL and item is not None, (
            f"{where} returned {show(out)}, which contains the sentinel {show(item)}. "
            "A consumer must stop at SENTINEL without appending it."
        )
    want = Counter(_key(item) for item in expected)
    got = Counter(_key(item) for item in out)
    lost = [text for (_, text), n in (want - got).items() for _ in range(n)]
    extra = [text for (_, text), n in (got - want).items() for _ in range(n)]
    if lost or extra:
        problems = []
        if lost:
            problems.append(f"lost: {', '.join(lost)}")
        if extra:
            problems.append(f"collected twice or never produced: {', '.join(extra)}")
        raise Violation(
            "lost_item",
            f"{where} returned {show(out)}; {'; '.join(problems)}. Every item a producer puts must be "
            "collected by exactly one consumer. A consumer that stops early loses items: does it "
            "mistake a real item such as 0, '' or False for the end signal, stop when the queue "
            "is only momentarily empty, or get a sentinel before all producers have finished? "
            "And does run join every consumer before it returns the list?",
        )


class GuardedList(list):
    """A list that checks the consumer holds `lock` while it appends."""

    def __init__(self, lock):
        super().__init__()
        self._lock = lock

    def _check(self, what):
        if not self._lock.locked():
            raise Violation(
                "mutual_exclusion",
                f"consumer called out.{what} without holding lock. The contract says each item "
                "is appended while holding lock: `with lock: out.append(item)`.",
            )

    def append(self, item):
        self._check(f"append({item!r})")
        super().append(item)

    def extend(self, items):
        self._check("extend(...)")
        super().extend(items)

    def __iadd__(self, items):
        self._check("+= ...")
        return super().__iadd__(items)


def drain(q, queue_module):
    items = []
    while True:
        try:
            items.append(q.get_nowait())
        except queue_module.Empty:
            return items


def explore_run(explore, batches, n_consumers):
    def scenario(mod):
        real_batches = [usable(mod, batch) for batch in batches]
        where = f"run({real_batches!r}, n_consumers={n_consumers})"
        out = mod.run(real_batches, n_consumers)
        check_items(mod, out, [item for batch in real_batches for item in batch], where)

    explore(scenario, module="pipeline")


@pytest.mark.points(1)
def test_module_api():
    for name in ("SENTINEL", "producer", "consumer", "run"):
        assert hasattr(pipeline, name), f"pipeline.py must define {name} (see the instructions)."
    for name in ("producer", "consumer", "run"):
        assert callable(getattr(pipeline, name)), f"pipeline.{name} must be a function."


@pytest.mark.points(3)
def test_several_producers_and_consumers(explore):
    explore_run(explore, [["bun0"], ["bone0", "bone1"], ["slop0"]], 2)


@pytest.mark.points(3)
def test_falsy_items_are_real_items(explore):
    explore_run(explore, [[0, "a"], ["", False]], 2)


@pytest.mark.points(2)
def test_more_consumers_than_items(explore):
    explore_run(explore, [[1, 2]], 3)


@pytest.mark.points(1)
def test_one_consumer(explore):
    explore_run(explore, [[1, 0], [2]], 1)


@pytest.mark.points(2)
def test_empty_batches(explore):
    explore_run(explore, [[], [0], []], 2)


@pytest.mark.points(1)
def test_no_batches_at_all(explore):
    explore_run(explore, [], 2)


@pytest.mark.points(1)
def test_producer_puts_exactly_its_items(explore):
    def scenario(mod):
        items = usable(mod, [3, 0, "", False, "x"])
        q = explore.queue.Queue()
        mod.producer(q, items)
        mod.producer(q, [])
        got = exact_type(drain(q, explore.queue), list, "the items producer put on the queue")
        assert sorted(map(repr, got)) == sorted(map(repr, items)), (
            f"producer(q, {items!r}) followed by producer(q, []) left {got!r} on the queue; "
            f"expected exactly the items {items!r}. A producer puts its items and nothing else: "
            "run() sends the sentinels once all producers are done."
        )

    explore(scenario, module="pipeline")


@pytest.mark.points(1)
def test_consumer_stops_at_sentinel(explore):
    def scenario(mod):
        items = usable(mod, [0, "", False, "x"])
        q = explore.queue.Queue()
        for item in items:
            q.put(item)
        q.put(mod.SENTINEL)
        out = []
        mod.consumer(q, out, explore.threading.Lock())  # must return once it meets SENTINEL
        check_items(mod, out, items, f"consumer on a queue holding {items!r} then SENTINEL")

    explore(scenario, module="pipeline")


@pytest.mark.points(2)
def test_consumers_wait_for_items_that_come_later(explore):
    def scenario(mod):
        items = usable(mod, [1, 0, 2])
        q = explore.queue.Queue()
        out = []
        lock = explore.threading.Lock()
        consumers = [explore.threading.Thread(target=mod.consumer, args=(q, out, lock)) for _ in range(2)]
        for t in consumers:
            t.start()
        for item in items:
            q.put(item)
        q.put(mod.SENTINEL)
        q.put(mod.SENTINEL)
        for t in consumers:
            t.join()
        check_items(mod, out, items, "two consumer threads started on an empty queue, then items and two sentinels")

    explore(scenario, module="pipeline")


@pytest.mark.points(1)
def test_consumer_appends_while_holding_the_lock(explore):
    def scenario(mod):
        items = usable(mod, [1, 0, "y"])
        q = explore.queue.Queue()
        lock = explore.threading.Lock()
        out = GuardedList(lock)
        consumer = explore.threading.Thread(target=mod.consumer, args=(q, out, lock))
        consumer.start()
        for item in items:
            q.put(item)
        q.put(mod.SENTINEL)
        consumer.join()
        check_items(mod, list(out), items, "a consumer thread fed items then SENTINEL")

    explore(scenario, module="pipeline")
