# expect: memory_limit
"""Asks for 100 GB at once."""


def work(n):
    return len(bytearray(10**11))
