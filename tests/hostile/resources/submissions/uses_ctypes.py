# expect: tampering
"""Loads libc through ctypes (the way to read or write any memory of the process)."""
import ctypes


def work(n):
    try:
        ctypes.CDLL(None).getpid()
    except Exception:
        pass
    return n
