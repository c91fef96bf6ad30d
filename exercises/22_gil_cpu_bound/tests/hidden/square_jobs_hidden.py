"""The job the tests hand to parallel_sum_of_squares as `func`; it runs in the pool's workers.

It notes the pid of the process it runs in and waits (at most WAIT_LIMIT seconds) until a job in
another process has started too: only work that really runs in two processes at the same time
meets. It lives in a module of its own so that `functools.partial(meet_and_square, folder)`
pickles by name with any start method.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

WAIT_LIMIT = 5.0  # seconds; a pool of two workers meets in milliseconds


def meet_and_square(folder, chunk):
    folder = Path(folder)
    (folder / f"ran.{os.getpid()}").touch()
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
