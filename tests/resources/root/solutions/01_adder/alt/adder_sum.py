"""Add two numbers with sum()."""


def add(a, b):
    return sum((a, b))
