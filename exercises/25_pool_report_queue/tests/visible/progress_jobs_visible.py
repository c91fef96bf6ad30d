"""The job the tests hand to run() as `job`; it runs in the pool's workers.

It notes its pid, then takes a little while before each report, so that a parent that drains
the queue before the pool has finished finds it still empty. It lives in a module of its own so
that it pickles by name with any start method.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

DELAY = 0.2  # seconds before each report


def slow_job(folder, task, progress):
    (Path(folder) / f"ran.{os.getpid()}").touch()
    time.sleep(DELAY)
    progress.put(("begin", task, os.getpid()))
    time.sleep(DELAY)
    progress.put(("end", task, os.getpid()))
    return task


def pids(folder):
    return sorted(int(p.name.split(".")[1]) for p in Path(folder).glob("ran.*"))
