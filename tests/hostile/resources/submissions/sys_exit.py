# expect: error
"""Calls sys.exit(0) inside the function."""
import sys


def work(n):
    sys.exit(0)
