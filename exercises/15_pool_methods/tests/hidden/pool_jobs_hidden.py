"""The job the tests hand to the learner's pools; it runs in the pool's worker processes.

Jobs coordinate through flag files in a folder, so that `functools.partial(step, folder)`
pickles by name with any start method and nothing else needs sharing.

An item is a tuple `(name, action, flag)`; step() returns the name, or the name followed by
MISSED when the job gave up waiting:
* `(name, None, None)`: return at once;
* `(name, "wait", flag)`: wait until some job or the test raises `flag`;
* `(name, "raise", flag)`: raise `flag`, then return;
* `(name, "meet", flag)`: wait until two jobs with the same flag run at the same time;
* `(name, "slow", seconds)`: take a while.
Each job also notes its pid in the folder.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

WAIT_LIMIT = 10.0  # seconds a job waits for another; correct code never comes close
MISSED = "!missed"


def raise_flag(folder, flag):
    (Path(folder) / f"flag.{flag}").touch()


def _wait_until(check):
    deadline = time.monotonic() + WAIT_LIMIT
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.005)
    return False


def step(folder, item):
    name, action, arg = item
    folder = Path(folder)
    with open(folder / "pids.txt", "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")
    ok = True
    if action == "wait":
        ok = _wait_until((folder / f"flag.{arg}").exists)
    elif action == "raise":
        raise_flag(folder, arg)
    elif action == "meet":
        (folder / f"meet.{arg}.{name}").touch()
        ok = _wait_until(lambda: len(list(folder.glob(f"meet.{arg}.*"))) >= 2)
    elif action == "slow":
        time.sleep(arg)
    return name if ok else name + MISSED


def pids(folder):
    path = Path(folder) / "pids.txt"
    return [int(line) for line in path.read_text().split()] if path.exists() else []
