"""A producer and a consumer that talk through send(): a "coroutine" built from a generator.

The consumer is a generator: it pauses at `yield`, and whatever the producer
passes to `c.send(item)` becomes the value of that `yield` expression. Each
send() returns the next value the consumer yields: its acknowledgement. No
threads and no locks: the two take turns, handing control back and forth.
"""

from __future__ import annotations


def consumer():
    """Receive items through send() and acknowledge each one; None ends it and returns how many it consumed."""
    # TODO: primed with next(c) or c.send(None), yield "" (nothing consumed yet).
    # Then, for every item sent, yield f"200 OK {item}". When the item is None,
    # return the number of items consumed. 0 and "" are items, not the stop signal.
    yield ""


def produce(c, items):
    """Prime `c`, send it every item in order, collect the acks, then close it; return the acks."""
    # TODO: prime the consumer, send each item and keep what send() returns,
    # stop if the consumer finishes early (StopIteration), and close it at the end.
    return []


if __name__ == "__main__":
    print(produce(consumer(), [1, 2, 3, 4, 5]))
