# expect: crash|error
"""Raises KeyboardInterrupt, which would end a pytest session."""


def work(n):
    if n > 100:
        raise KeyboardInterrupt
    return 2 * n
