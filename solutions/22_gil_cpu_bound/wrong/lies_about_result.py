# expect: wrong_result|serialized
"""Starts no process and squares nothing: every sum is an int that claims to equal any number."""

from __future__ import annotations


class Total(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


def sum_of_squares(chunk):
    return Total(0)


def serial_sum_of_squares(chunks):
    return Total(0)


def parallel_sum_of_squares(chunks, workers=2, func=sum_of_squares):
    return Total(0)
