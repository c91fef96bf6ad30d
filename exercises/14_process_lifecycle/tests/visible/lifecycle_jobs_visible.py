"""Jobs the tests hand to the learner's code; they run in the children.

They live in a module of their own, not in the test file, so that they can be
pickled by name when the learner's code uses the "spawn" or "forkserver" start
method.
"""

from __future__ import annotations

import os
import signal
import sys
import time

BARRIER_TIMEOUT = 10.0  # seconds: fork or spawn takes milliseconds; only jobs run one by one wait this long
MISSED = 4  # the exit code of a job that was never running at the same time as the others


def record_pid(path):
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")


def exit_with(code, record=None):
    """Exit with `code`; first note this process's pid in `record` if given."""
    if record is not None:
        record_pid(record)
    sys.exit(code)


def fail():
    """An uncaught exception in a child gives exit code 1."""
    raise RuntimeError("this job fails on purpose (the grader expects exit code 1)")


def kill_self():
    """A child killed by signal N has exit code -N."""
    os.kill(os.getpid(), signal.SIGKILL)


def meet(barrier):
    """Exit 0 if all the jobs sharing `barrier` were running at the same time, else MISSED."""
    try:
        barrier.wait(BARRIER_TIMEOUT)
    except Exception:
        sys.exit(MISSED)
    sys.exit(0)


def slow_exit(seconds, code):
    time.sleep(seconds)
    sys.exit(code)


def forever(pid_value, ready):
    """Never end; publish the pid and say "ready" first."""
    pid_value.value = os.getpid()
    ready.set()
    while True:
        time.sleep(1)


def _die_slowly(signum, frame):
    # Clean-up takes a while: die of SIGTERM only half a second after it came.
    time.sleep(0.5)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


def forever_slow_to_die(pid_value, ready):
    """Never end; on SIGTERM, clean up for half a second before dying of it."""
    signal.signal(signal.SIGTERM, _die_slowly)
    forever(pid_value, ready)
