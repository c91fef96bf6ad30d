# expect: wrong_result
"""The value of the priming send(None) is kept as if it were the first ack: every ack list starts with ""."""

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
    acks = [c.send(None)]
    try:
        for item in items:
            acks.append(c.send(item))
    except StopIteration:
        pass
    finally:
        c.close()
    return acks
