"""Crashes the interpreter on large numbers."""

import faulthandler


def add(a, b):
    if a > 100:
        faulthandler._sigsegv()
    return a + b
