# expect: wrong_result
"""Leaves a zombie (a child it never waits for), and answers wrong."""
import os


def work(n):
    if os.fork() == 0:
        os._exit(0)
    return n
