# expect: wrong_result
"""Every ack is right, but the producer never closes the consumer: it is left suspended at its yield."""

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
    acks = []
    for item in items:
        try:
            acks.append(c.send(item))
        except StopIteration:
            break
    return acks
