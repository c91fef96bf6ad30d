"""Blocks signals, then hangs on large numbers: only the grading's wall-clock limit ends it."""

import signal
import time


def add(a, b):
    if a > 100:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM})
        time.sleep(1000)
    return a + b
