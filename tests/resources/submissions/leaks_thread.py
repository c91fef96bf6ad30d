"""Right answers, but leaves a non-daemon thread blocked forever."""

import threading

_stuck = threading.Event()


def add(a, b):
    threading.Thread(target=_stuck.wait, name="stuck").start()
    return a + b
