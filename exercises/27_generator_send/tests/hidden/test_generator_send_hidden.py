"""Hidden tests for the send()-driven consumer and its producer: priming, acks, the stop signal, close()."""

from __future__ import annotations

import inspect

import producer_consumer
import pytest

from grader.testing import same
from grader.testing import show


class SubmissionError(Exception):
    """An exception from the learner's code, re-raised with a message that says what it means."""

    def __init__(self, message):
        super().__init__(message)
        self.grader_diagnosis = {"kind": "error", "message": message}


def explain(call, exc):
    """A SubmissionError for the usual generator mistakes behind `exc`, raised by `call`."""
    text = str(exc)
    if isinstance(exc, TypeError) and "just-started generator" in text:
        return SubmissionError(
            f"{call} raised TypeError: {text}. A new generator has not reached its first `yield` yet, so there "
            "is nothing to receive a value: prime it first with next(c) or c.send(None), then send the items."
        )
    if isinstance(exc, RuntimeError) and "ignored GeneratorExit" in text:
        return SubmissionError(
            f"{call} raised RuntimeError: {text}. close() throws GeneratorExit in at the paused `yield`; the "
            "consumer caught it (a bare `except:` or `except BaseException:`) and yielded again. Let "
            "GeneratorExit pass: catch only the exceptions you mean, or use try/finally for cleanup."
        )
    if isinstance(exc, StopIteration):
        return SubmissionError(
            f"StopIteration escaped {call}: the consumer finished (it returned), and the next send() raised "
            "StopIteration. Catch it in produce(), stop sending, and return the acks received so far."
        )
    return None


def run(call, fn, *args):
    try:
        return fn(*args)
    except (TypeError, RuntimeError, StopIteration) as exc:
        better = explain(call, exc)
        if better is None:
            raise
        raise better from exc


def send(c, item, sent_so_far):
    """c.send(item) on the learner's consumer; finishing early is a wrong result, not a crash."""
    try:
        return c.send(item)
    except StopIteration as stop:
        raise AssertionError(
            f"consumer() finished (returned {show(stop.value)}) when it was sent {item!r} after {sent_so_far!r}. "
            "Only None is the stop signal: 0, '' and other false values are ordinary items "
            "(test `item is None`, not `not item`)."
        ) from None


def started(item_log):
    return item_log and item_log[0] == "started"


def spy(log, stop_on=None):
    """A consumer that notes what it is sent; acks are 'ack ITEM'; it returns when sent `stop_on` or None."""
    log.append("started")
    ack = "ready"
    try:
        while True:
            item = yield ack
            log.append(("got", item))
            if item is None or (stop_on is not None and same(item, stop_on)):
                return len(log) - 2
            ack = f"ack {item}"
    except GeneratorExit:
        log.append("closed")
        raise


# -- consumer() ------------------------------------------------------------------------------------


@pytest.mark.points(1)
def test_consumer_is_a_generator_that_yields_empty_when_primed():
    assert inspect.isgeneratorfunction(producer_consumer.consumer), (
        "consumer must be a generator function: a `def` whose body contains `yield`."
    )
    for how, prime in (("next(c)", next), ("c.send(None)", lambda c: c.send(None))):
        c = producer_consumer.consumer()
        first = run(how, prime, c)
        assert same(first, ""), (
            f"Priming a new consumer with {how} returned {show(first)}; it should yield '' (no ack yet)."
        )
        c.close()


@pytest.mark.points(2)
def test_consumer_acknowledges_each_item_in_order():
    items = [1, "apple", 0, "", 2.5, False, "last"]
    c = producer_consumer.consumer()
    next(c)
    sent = []
    for item in items:
        ack = send(c, item, sent)
        assert same(ack, f"200 OK {item}"), (
            f"consumer().send({item!r}) returned {show(ack)} after {sent!r}; expected {f'200 OK {item}'!r}. "
            "Each send() must return the ack for the item it just sent: one `yield` per item, "
            "`item = yield ack`, with the ack made from the item received."
        )
        sent.append(item)
    c.close()


@pytest.mark.points(1)
def test_none_stops_the_consumer_and_returns_the_count():
    for items in ([], ["a"], [3, 0, "x"]):
        c = producer_consumer.consumer()
        next(c)
        for i, item in enumerate(items):
            send(c, item, items[:i])
        try:
            c.send(None)
        except StopIteration as stop:
            assert same(stop.value, len(items)), (
                f"After {len(items)} item(s), send(None) ended the consumer with the value {show(stop.value)}; "
                f"it should return {len(items)}, the number of items it consumed."
            )
        else:
            raise AssertionError(
                f"After {items!r}, send(None) did not end the consumer. None is the stop signal: `return` the "
                "number of items consumed (send() then raises StopIteration carrying that value)."
            )
        assert inspect.getgeneratorstate(c) == inspect.GEN_CLOSED


@pytest.mark.points(1)
def test_consumer_can_be_closed():
    fresh = producer_consumer.consumer()
    run("close() on a new consumer", fresh.close)
    c = producer_consumer.consumer()
    next(c)
    send(c, "a", [])
    send(c, "b", ["a"])
    run("close() on a consumer waiting at its yield", c.close)
    assert inspect.getgeneratorstate(c) == inspect.GEN_CLOSED, "close() should leave the consumer closed."


# -- produce(c, items) -----------------------------------------------------------------------------


@pytest.mark.points(1)
def test_produce_primes_before_sending():
    log = []
    acks = run("produce(c, ['a', 'b'])", producer_consumer.produce, spy(log), ["a", "b"])
    got = [entry for entry in log if type(entry) is tuple]
    assert started(log), "produce() never started the consumer."
    assert same(got[:2], [("got", "a"), ("got", "b")]), (
        f"produce(c, ['a', 'b']) sent the consumer {show([g[1] for g in got])}; expected 'a' then 'b', "
        "each once, in order, after priming."
    )
    assert same(acks, ["ack a", "ack b"]), (
        f"produce(c, ['a', 'b']) returned {show(acks)}; expected ['ack a', 'ack b']: the value of each "
        "c.send(item), in order (the value of the priming yield is not an ack)."
    )


@pytest.mark.points(2)
def test_produce_returns_the_acks_in_order():
    items = [5, 0, "pear", "", 7]
    acks = run(f"produce(consumer(), {items!r})", producer_consumer.produce, producer_consumer.consumer(), items)
    expected = [f"200 OK {item}" for item in items]
    assert same(acks, expected), f"produce(consumer(), {items!r}) returned {show(acks)}; expected {expected!r}."
    log = []
    many = [f"job-{i}" for i in range(20)]
    acks = run("produce(c, 20 jobs)", producer_consumer.produce, spy(log), many)
    assert same(acks, [f"ack {j}" for j in many]), f"produce(c, 20 jobs) returned {show(acks)}."
    empty = run("produce(consumer(), [])", producer_consumer.produce, producer_consumer.consumer(), [])
    assert same(empty, []), f"produce(consumer(), []) returned {show(empty)}; expected []."


@pytest.mark.points(2)
def test_produce_closes_the_consumer():
    for items in (["a", "b"], []):
        log = []
        c = spy(log)
        run(f"produce(c, {items!r})", producer_consumer.produce, c, items)
        assert inspect.getgeneratorstate(c) == inspect.GEN_CLOSED, (
            f"After produce(c, {items!r}) returned, the consumer is still {inspect.getgeneratorstate(c)}: "
            "produce() must close it (c.close()) when it has sent everything, as the tutorial does."
        )
    c = producer_consumer.consumer()
    run("produce(consumer(), [1, 2])", producer_consumer.produce, c, [1, 2])
    assert inspect.getgeneratorstate(c) == inspect.GEN_CLOSED, (
        f"After produce(consumer(), [1, 2]), the consumer is {inspect.getgeneratorstate(c)}, not GEN_CLOSED: "
        "call c.close() at the end of produce()."
    )


@pytest.mark.points(1)
def test_produce_stops_when_the_consumer_finishes_early():
    log = []
    c = spy(log, stop_on="stop")
    acks = run("produce(c, ['a', 'b', 'stop', 'c'])", producer_consumer.produce, c, ["a", "b", "stop", "c"])
    assert same(acks, ["ack a", "ack b"]), (
        f"The consumer returned when it was sent 'stop'; produce() returned {show(acks)}, expected ['ack a', "
        "'ack b']: the acks received before the consumer finished."
    )
    assert inspect.getgeneratorstate(c) == inspect.GEN_CLOSED
