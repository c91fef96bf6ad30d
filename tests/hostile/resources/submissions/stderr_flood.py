# expect: output_limit
"""Writes to fd 2 without end."""
import os


def work(n):
    while True:
        os.write(2, b"x" * 65536)
