"""Leaves the process on large numbers."""

import os


def add(a, b):
    if a > 100:
        os._exit(3)
    return a + b
