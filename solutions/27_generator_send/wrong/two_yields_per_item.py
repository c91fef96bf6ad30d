# expect: wrong_result
"""One yield to receive and another to answer: every second send() lands on the answering yield and is lost."""

from __future__ import annotations


def consumer():
    count = 0
    while True:
        item = yield
        if item is None:
            return count
        count += 1
        yield f"200 OK {item}"


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
