# expect: crash
"""Leaves the process with status 0 in the middle of the tests."""
import os


def work(n):
    if n > 100:
        os._exit(0)
    return 2 * n
