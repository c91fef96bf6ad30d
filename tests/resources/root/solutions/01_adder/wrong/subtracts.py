# expect: wrong_result
"""Subtracts instead of adding."""


def add(a, b):
    return a - b
