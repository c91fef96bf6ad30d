# expect: error
"""The producer sends the first item to a generator that has not started yet: TypeError."""

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
    acks = []
    try:
        for item in items:
            acks.append(c.send(item))
    except StopIteration:
        pass
    finally:
        c.close()
    return acks
