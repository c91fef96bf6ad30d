"""Visible tests for the condition-buffer exercise: run them with `grade 08`."""

from __future__ import annotations

import pytest

from grader.explorer import Violation
from grader.testing import same
from grader.testing import show


@pytest.mark.points(1)
def test_items_come_out_in_order():
    import buffer

    b = buffer.BoundedBuffer(2)
    b.put(1)
    b.put(2)
    got = [b.get(), b.get()]
    assert same(got, [1, 2]), f"put(1), put(2), get(), get() gave {show(got)}; expected [1, 2]."


@pytest.mark.points(2)
def test_get_waits_for_an_item(explore):
    def scenario(buffer):
        b = buffer.BoundedBuffer(1)
        got = []
        consumer = explore.threading.Thread(target=lambda: got.append(b.get()), name="consumer")
        consumer.start()
        explore.sleep(1.0)
        if got:
            raise Violation("wrong_result", f"get() returned {show(got[0])} although nothing had been put yet.")
        b.put("bun")
        consumer.join()
        assert same(got, ["bun"]), f"After put('bun'), the waiting get() returned {show(got)}."

    explore(scenario, module="buffer")


@pytest.mark.points(2)
def test_put_waits_for_a_free_place(explore):
    def scenario(buffer):
        b = buffer.BoundedBuffer(1)
        done = []

        def produce():
            for x in ("a", "b"):
                b.put(x)
                done.append(x)

        producer = explore.threading.Thread(target=produce, name="producer")
        producer.start()
        explore.sleep(1.0)
        if done != ["a"]:
            raise Violation(
                "over_limit",
                f"In a BoundedBuffer(1) with no consumer, put() returned for {done}: the second must wait.",
            )
        assert same(b.get(), "a"), "The first get() should return 'a'."
        assert same(b.get(), "b"), "The second get() should return 'b'."
        producer.join()

    explore(scenario, module="buffer")
