# expect: timeout
# bound: 20
"""Ignores SIGTERM and SIGALRM and spins."""
import signal


def work(n):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    while True:
        pass
