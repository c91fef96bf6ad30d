# expect: timeout
"""Waits for an item nobody will put."""
import queue


def work(n):
    return queue.Queue().get() + n
