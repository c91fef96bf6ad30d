# expect: wrong_result|tampering
"""Tries to kill its parent (inside the sandbox: the pid namespace's init) and everything in its pid namespace's
init; answers wrong."""
import os
import signal


def work(n):
    for pid in (os.getppid(), 1):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return n
