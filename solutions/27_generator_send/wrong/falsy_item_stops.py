# expect: wrong_result|error
"""The seed's `if not n: return`: an item 0 or "" ends the consumer as if it were the stop signal."""

from __future__ import annotations


def consumer():
    r = ""
    count = 0
    while True:
        n = yield r
        if not n:
            return count
        count += 1
        r = f"200 OK {n}"


def produce(c, items):
    c.send(None)
    acks = []
    try:
        for item in items:
            acks.append(c.send(item))
    except StopIteration:
        pass
    finally:
        c.close()
    return acks
