# expect: tampering
"""Reads the grader's frames through inspect.stack()."""
import inspect


def work(n):
    try:
        for info in inspect.stack():
            info.frame.f_globals.get("__name__")
    except Exception:
        pass
    return n
