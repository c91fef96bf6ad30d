# expect: crash
"""Crashes the interpreter with a real segmentation fault (in C, as a bad extension would)."""
import faulthandler


def work(n):
    if n > 100:
        faulthandler._sigsegv()
    return 2 * n
