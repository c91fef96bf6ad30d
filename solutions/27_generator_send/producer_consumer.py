"""A producer and a generator consumer that talk through send(): the seed's "coroutine" built from yield."""

from __future__ import annotations


def consumer():
    """Receive items through send() and acknowledge each one; None ends it and returns how many it consumed."""
    ack = ""  # what the priming next()/send(None) gets: nothing consumed yet
    count = 0
    while True:
        # `yield ack` hands the acknowledgement to whoever called send(), then waits;
        # the value of the expression is the next thing they send.
        item = yield ack
        if item is None:  # not `if not item`: 0 and "" are items too
            return count
        count += 1
        ack = f"200 OK {item}"


def produce(c, items):
    """Prime `c`, send it every item in order, collect the acks, then close it; return the acks."""
    c.send(None)  # run the consumer to its first yield: only None may be sent to a fresh generator
    acks = []
    try:
        for item in items:
            acks.append(c.send(item))
    except StopIteration:
        pass  # the consumer finished early: nobody is left to send to
    finally:
        c.close()
    return acks


if __name__ == "__main__":
    print(produce(consumer(), [1, 2, 3, 4, 5]))
