# expect: timeout|deadlock
"""Hangs on large numbers."""

import time


def add(a, b):
    if a > 100:
        time.sleep(1000)
    return a + b
