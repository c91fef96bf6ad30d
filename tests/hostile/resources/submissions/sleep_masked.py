# expect: timeout
# bound: 20
"""Blocks SIGALRM and SIGTERM, then sleeps: only the wall-clock limit and SIGKILL end it."""
import signal
import time


def work(n):
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM, signal.SIGINT})
    time.sleep(1000)
