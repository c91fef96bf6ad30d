"""Hidden tests for the condition-buffer exercise: the full contract of BoundedBuffer in buffer.py.

Checks happen at quiet moments: after explore.sleep() in the main thread, every other thread is
blocked or finished (virtual time passes only when no thread can run), so counting the calls that
have returned tells exactly how many items the buffer holds.
"""

from __future__ import annotations

import pytest

from grader.explorer import Violation
from grader.testing import same
from grader.testing import show

QUIET = 1.0  # virtual seconds: long enough for every thread to reach its next wait


class Crowd:
    """Test-side producer and consumer threads around one buffer, recording every call that returns."""

    def __init__(self, explore, buf, where):
        self.explore = explore
        self.buf = buf
        self.where = where
        self.put_done = []
        self.got = []
        self.threads = []

    def _start(self, name, fn):
        t = self.explore.threading.Thread(target=fn, name=name)
        t.start()
        self.threads.append(t)

    def producer(self, name, items):
        def go():
            for item in items:
                self.buf.put(item)
                self.put_done.append(item)

        self._start(name, go)

    def consumer(self, name, count):
        def go():
            for _ in range(count):
                try:
                    item = self.buf.get()
                except Exception as exc:
                    raise Violation(
                        "wrong_result",
                        f"{self.where}: get() in {name} raised {type(exc).__name__}: {exc}. It tried to take "
                        "an item from an empty buffer. get() must wait while the buffer is empty, in a "
                        "`while` loop, not an `if`: when wait() returns, check again, because another "
                        "consumer may have taken the item first.",
                    ) from None
                self.got.append(item)

        self._start(name, go)

    def holds(self):
        return len(self.put_done) - len(self.got)

    def check_capacity(self, capacity, given=0):
        inside = self.holds() + given
        if inside > capacity:
            raise Violation(
                "over_limit",
                f"{self.where}: {inside} items were in a buffer of capacity {capacity} (all the put() calls "
                f"that returned, minus the get() calls that returned). put() must wait while the buffer is "
                "full, and check again in a `while` loop when it wakes up: another producer may have "
                "filled the free place first.",
            )

    def join(self):
        for t in self.threads:
            t.join()


def check_no_get(crowd, when):
    if crowd.got:
        raise Violation(
            "wrong_result",
            f"{crowd.where}: get() returned {show(crowd.got[0])} {when}. get() must wait while the buffer is empty.",
        )


def check_items(got, items, where):
    # Compared as text: show() is repr() for plain data and names anything else by its type without
    # running its code, so an item that only claims to be equal to one that was put is never taken for it.
    shown, wanted = list(map(show, got)), list(map(repr, items))
    if sorted(shown) != sorted(wanted):
        missing = [x for x in wanted if x not in shown]
        extra = [x for x in shown if x not in wanted or shown.count(x) > wanted.count(x)]
        raise Violation(
            "lost_item",
            f"{where}: the consumers got [{', '.join(shown)}], but exactly the items {items!r} were put. "
            f"Missing: [{', '.join(missing)}]; unexpected or doubled: [{', '.join(extra)}].",
        )


# -- one thread -----------------------------------------------------------------------------------


@pytest.mark.points(1)
def test_first_in_first_out():
    import buffer

    b = buffer.BoundedBuffer(3)
    for x in ("a", "b", "c"):
        b.put(x)
    got = [b.get() for _ in range(3)]
    assert same(got, ["a", "b", "c"]), (
        f"put('a'), put('b'), put('c') then three get() calls gave {show(got)}; expected FIFO."
    )
    b.put(None)
    b.put(0)
    got = [b.get(), b.get()]
    assert same(got, [None, 0]), (
        f"put(None), put(0) then two get() calls gave {show(got)}: any item, even None, is an item."
    )


# -- blocking -------------------------------------------------------------------------------------


@pytest.mark.points(2)
def test_put_waits_while_full(explore):
    def scenario(buffer):
        b = buffer.BoundedBuffer(1)
        crowd = Crowd(explore, b, "BoundedBuffer(1) with a producer putting 'a', 'b'")
        crowd.producer("producer", ["a", "b"])
        explore.sleep(QUIET)
        crowd.check_capacity(1)
        assert crowd.put_done == ["a"], (
            f"{crowd.where}: after a while, the put() calls that had returned were {crowd.put_done}; "
            "expected ['a'] (the second put waits for a free place)."
        )
        first = b.get()
        explore.sleep(QUIET)
        assert crowd.put_done == ["a", "b"], (
            f"{crowd.where}: after get() made room, the waiting put('b') did not finish (returned: "
            f"{crowd.put_done}). get() must wake up the producers waiting in put()."
        )
        second = b.get()
        crowd.join()
        assert same([first, second], ["a", "b"]), (
            f"{crowd.where}: get() returned {show([first, second])}; expected ['a', 'b']."
        )

    explore(scenario, module="buffer")


@pytest.mark.points(2)
def test_get_waits_while_empty(explore):
    def scenario(buffer):
        b = buffer.BoundedBuffer(2)
        crowd = Crowd(explore, b, "BoundedBuffer(2) with a consumer and no items yet")
        crowd.consumer("consumer", 1)
        explore.sleep(QUIET)
        check_no_get(crowd, "from an empty buffer")
        b.put("x")
        crowd.join()
        assert same(crowd.got, ["x"]), f"{crowd.where}: after put('x') the waiting get() returned {show(crowd.got)}."

    explore(scenario, module="buffer")


# -- several consumers or producers ----------------------------------------------------------------


@pytest.mark.points(2)
def test_two_consumers_one_item(explore):
    def scenario(buffer):
        b = buffer.BoundedBuffer(2)
        crowd = Crowd(explore, b, "BoundedBuffer(2) with two waiting consumers")
        crowd.consumer("consumer-1", 1)
        crowd.consumer("consumer-2", 1)
        explore.sleep(QUIET)
        check_no_get(crowd, "from an empty buffer")
        b.put("one")
        explore.sleep(QUIET)
        assert same(crowd.got, ["one"]), (
            f"{crowd.where}: after one put('one'), the consumers had got {show(crowd.got)}; exactly one of them "
            "should have 'one' and the other should still be waiting."
        )
        b.put("two")
        crowd.join()
        check_items(crowd.got, ["one", "two"], crowd.where)

    explore(scenario, module="buffer")


@pytest.mark.points(2)
def test_two_producers_one_free_place(explore):
    def scenario(buffer):
        b = buffer.BoundedBuffer(1)
        b.put("first")
        crowd = Crowd(explore, b, "BoundedBuffer(1), full, with two waiting producers")
        crowd.producer("producer-1", ["p1"])
        crowd.producer("producer-2", ["p2"])
        explore.sleep(QUIET)
        crowd.check_capacity(1, given=1)
        got = [b.get()]
        explore.sleep(QUIET)
        crowd.check_capacity(1, given=1 - len(got))
        got.append(b.get())
        explore.sleep(QUIET)
        crowd.check_capacity(1, given=1 - len(got))
        got.append(b.get())
        crowd.join()
        assert same(got[0], "first"), (
            f"{crowd.where}: the first get() returned {show(got[0])}; expected 'first' (FIFO)."
        )
        check_items(got, ["first", "p1", "p2"], crowd.where)

    explore(scenario, module="buffer")


@pytest.mark.points(1)
def test_waiting_consumers_and_a_busy_producer(explore):
    def scenario(buffer):
        b = buffer.BoundedBuffer(1)
        crowd = Crowd(explore, b, "BoundedBuffer(1), two waiting consumers, then put('a'), put('b')")
        crowd.consumer("consumer-1", 1)
        crowd.consumer("consumer-2", 1)
        explore.sleep(QUIET)
        check_no_get(crowd, "from an empty buffer")
        # The second put may have to wait for the first consumer; if that consumer's wake-up
        # call reaches the other consumer instead of this producer, nobody wakes the producer.
        b.put("a")
        b.put("b")
        crowd.join()
        check_items(crowd.got, ["a", "b"], crowd.where)

    explore(scenario, module="buffer")


@pytest.mark.points(2)
@pytest.mark.parametrize("capacity", [1, 2])
def test_producer_and_consumers_stream(explore, capacity):
    def scenario(buffer):
        items = [f"bun-{i}" for i in range(4)]
        b = buffer.BoundedBuffer(capacity)
        crowd = Crowd(explore, b, f"BoundedBuffer({capacity}), one producer of 4 items, two consumers of 2")
        crowd.producer("producer", items)
        crowd.consumer("consumer-1", 2)
        crowd.consumer("consumer-2", 2)
        crowd.join()
        check_items(crowd.got, items, crowd.where)

    explore(scenario, module="buffer")
