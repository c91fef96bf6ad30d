"""Raises something that is not an assertion."""


def add(a, b):
    return {}[a]
