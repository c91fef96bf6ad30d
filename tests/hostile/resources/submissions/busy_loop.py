# expect: timeout
"""Spins forever on large numbers."""


def work(n):
    while n > 100:
        pass
    return 2 * n
