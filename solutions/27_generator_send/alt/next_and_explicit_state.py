"""Primes with next(), keeps the ack in a local and stops on StopIteration by checking inspect's state."""

from __future__ import annotations

import inspect


def consumer():
    consumed = []
    reply = ""
    while True:
        received = yield reply
        if received is None:
            return len(consumed)
        consumed.append(received)
        reply = "200 OK " + str(received)


def produce(c, items):
    next(c)
    acks = []
    for item in items:
        if inspect.getgeneratorstate(c) == inspect.GEN_CLOSED:
            break
        try:
            acks.append(c.send(item))
        except StopIteration:
            break
    c.close()
    return acks
