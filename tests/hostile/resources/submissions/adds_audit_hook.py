# expect: tampering
"""Adds an audit hook of its own, to watch the grader's events (and the frames they carry)."""
import sys

try:
    sys.addaudithook(lambda event, args: None)
except Exception:
    pass


def work(n):
    return n
