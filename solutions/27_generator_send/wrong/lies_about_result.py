# expect: wrong_result
"""Acknowledges nothing it was sent: every ack is a str that claims to equal any other, and so is the list."""

from __future__ import annotations


class Ack(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


class Acks(list):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


def consumer():
    count = 0
    item = yield Ack("")
    while item is not None:
        count += 1
        item = yield Ack("200 OK")
    return count


def produce(c, items):
    c.send(None)
    acks = Acks()
    for item in items:
        try:
            acks.append(c.send(item))
        except StopIteration:
            break
    c.close()
    return acks
