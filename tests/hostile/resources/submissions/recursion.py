# expect: crash|error|memory_limit|timeout
# bound: 25
"""Lifts the recursion limit and recurses without end."""
import sys


def _down(k):
    return _down(k + 1) + 1


def work(n):
    sys.setrecursionlimit(10**6)
    return _down(0)
