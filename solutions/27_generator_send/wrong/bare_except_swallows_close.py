# expect: error
"""A bare `except:` around the yield also catches GeneratorExit, so close() gets another yield: RuntimeError."""

from __future__ import annotations


def consumer():
    ack = ""
    count = 0
    while True:
        try:
            item = yield ack
        except:  # noqa: E722 - the mistake on show: it catches the GeneratorExit that close() throws in
            ack = "500 error"
            continue
        if item is None:
            return count
        count += 1
        ack = f"200 OK {item}"


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
