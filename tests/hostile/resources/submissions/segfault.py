# expect: crash
"""Crashes the interpreter through ctypes."""
import ctypes


def work(n):
    if n > 100:
        ctypes.string_at(0)
    return 2 * n
