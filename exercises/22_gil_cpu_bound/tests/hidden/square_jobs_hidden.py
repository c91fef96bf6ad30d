"""The jobs the tests hand to parallel_sum_of_squares as `func`; they run in the pool's workers.

meet_and_square notes the pid of the process it runs in and waits (at most WAIT_LIMIT seconds)
until a job in another process has started too: only work that really runs in two processes at
the same time meets. Run in the test's own process (by threads), it does not wait at all. The jobs
live in a module of their own so that a `functools.partial` of them pickles by name with any
start method.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

WAIT_LIMIT = 3.0  # seconds; two workers of one pool meet in milliseconds (fork) or well under a second (spawn)


def note_and_square(folder, chunk):
    (Path(folder) / f"ran.{os.getpid()}").touch()
    return sum(x * x for x in chunk)


def meet_and_square(folder, parent_pid, chunk):
    folder = Path(folder)
    (folder / f"ran.{os.getpid()}").touch()
    if os.getpid() == parent_pid:
        return sum(x * x for x in chunk)  # no worker process at all: nothing to wait for
    deadline = time.monotonic() + WAIT_LIMIT
    while len(list(folder.glob("ran.*"))) < 2 and not any(folder.glob("missed.*")):  # wait once, not per chunk
        if time.monotonic() > deadline:
            (folder / f"missed.{os.getpid()}").touch()
            break
        time.sleep(0.005)
    return sum(x * x for x in chunk)


def pids(folder):
    return sorted(int(p.name.split(".")[1]) for p in Path(folder).glob("ran.*"))


def missed(folder):
    return any(Path(folder).glob("missed.*"))
