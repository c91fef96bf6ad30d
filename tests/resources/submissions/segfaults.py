"""Crashes the interpreter on large numbers."""

import ctypes


def add(a, b):
    if a > 100:
        ctypes.string_at(0)
    return a + b
