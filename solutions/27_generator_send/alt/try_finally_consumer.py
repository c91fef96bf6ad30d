"""A consumer with try/finally (cleanup on close) and a producer that closes it in a with-like finally."""

from __future__ import annotations


def consumer():
    count = 0
    try:
        item = yield ""
        while item is not None:
            count += 1
            item = yield f"200 OK {item}"
        return count
    finally:
        # Runs on return and when close() throws GeneratorExit in: the place for cleanup.
        pass


def produce(c, items):
    acks = []
    try:
        c.send(None)
        it = iter(items)
        while True:
            try:
                item = next(it)
            except StopIteration:
                break
            try:
                acks.append(c.send(item))
            except StopIteration:
                break
    finally:
        c.close()
    return acks
