"""Visible tests for the send()-driven consumer: run them with `grade 27`."""

from __future__ import annotations

import inspect

import producer_consumer
import pytest

from grader.testing import same
from grader.testing import show


@pytest.mark.points(1)
def test_consumer_by_hand():
    c = producer_consumer.consumer()
    first = next(c)  # priming: run to the first yield
    assert same(first, ""), f"Priming the consumer with next(c) returned {show(first)}; it should yield ''."
    for item in (1, 2):
        try:
            ack = c.send(item)
        except StopIteration:
            raise AssertionError(
                f"c.send({item!r}) ended the consumer (StopIteration). It should loop: "
                "`item = yield ack` once per item, and return only when it is sent None."
            ) from None
        assert same(ack, f"200 OK {item}"), f"c.send({item!r}) returned {show(ack)}; expected '200 OK {item}'."
    c.close()


@pytest.mark.points(1)
def test_produce_collects_the_acks():
    acks = producer_consumer.produce(producer_consumer.consumer(), [1, 2, 3])
    assert same(acks, ["200 OK 1", "200 OK 2", "200 OK 3"]), f"produce(consumer(), [1, 2, 3]) returned {show(acks)}."


@pytest.mark.points(1)
def test_produce_closes_the_consumer():
    c = producer_consumer.consumer()
    producer_consumer.produce(c, ["a"])
    state = inspect.getgeneratorstate(c)
    assert state == inspect.GEN_CLOSED, f"After produce(c, ['a']) the consumer is {state}; produce() must close it."
