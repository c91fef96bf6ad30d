# expect: error
"""The producer assumes the consumer never finishes: when it does, StopIteration escapes produce()."""

from __future__ import annotations


def consumer():
    ack = ""
    count = 0
    while True:
        item = yield ack
        if item is None:
            return count
        count += 1
        ack = f"200 OK {item}"


def produce(c, items):
    c.send(None)
    acks = [c.send(item) for item in items]
    c.close()
    return acks
