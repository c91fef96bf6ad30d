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

A waiting job sleeps in select() on a FIFO of its own (`wake.*` in the folder), which every
raise_flag() writes to: it uses no CPU at all while it waits. So when a job waits for something
that never comes (the learner's code runs the jobs one at a time, or waits for every result
before it hands out the first), the tests' watchdog soon sees that nothing runs any more and
calls give_up(): every waiting job then returns at once, its name followed by MISSED. Without
the watchdog (or without FIFOs) a job gives up after WAIT_LIMIT seconds.
"""

from __future__ import annotations

import os
import select
import threading
import time
from pathlib import Path

WAIT_LIMIT = 10.0  # seconds a job waits for another at most; correct code never comes close
MISSED = "!missed"
GIVE_UP = "give-up"  # the flag give_up() raises: every waiting job stops waiting
POLL = 0.005  # seconds between two looks at the flags where there are no FIFOs (Windows)


def raise_flag(folder, flag):
    (Path(folder) / f"flag.{flag}").touch()
    _wake(folder)


def give_up(folder):
    """Make every job that waits, now or later, stop waiting and return its name followed by MISSED."""
    raise_flag(folder, GIVE_UP)


def waiting(folder):
    """Whether some job is waiting right now."""
    return any(Path(folder).glob("wake.*"))


def _wake(folder):
    """Wake every waiting job, so that it looks again at what it waits for (after the flag is in place)."""
    for fifo in Path(folder).glob("wake.*"):
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            continue  # its job is gone (no reader: ENXIO) or has just removed it
        try:
            os.write(fd, b"!")
        except OSError:
            pass  # full: it has been woken already
        finally:
            os.close(fd)


def _wait_until(folder, check):
    """Wait until check() is true (return True), or until the test gives up or WAIT_LIMIT passes (False)."""
    gave_up = (folder / f"flag.{GIVE_UP}").exists
    deadline = time.monotonic() + WAIT_LIMIT
    if not hasattr(os, "mkfifo"):
        while time.monotonic() < deadline:
            if check():
                return True
            if gave_up():
                return False
            time.sleep(POLL)
        return False
    # The FIFO is open before the first look at the flags: a flag raised after that look finds it and wakes us.
    fifo = folder / f"wake.{os.getpid()}.{threading.get_native_id()}"
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # read-write: never blocks, and never reads as closed
    try:
        while True:
            if check():
                return True
            left = deadline - time.monotonic()
            if left <= 0 or gave_up():
                return False
            if select.select([fd], [], [], left)[0]:
                try:
                    os.read(fd, 4096)
                except BlockingIOError:
                    pass
    finally:
        os.close(fd)
        fifo.unlink(missing_ok=True)


def step(folder, item):
    name, action, arg = item
    folder = Path(folder)
    with open(folder / "pids.txt", "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")
    ok = True
    if action == "wait":
        ok = _wait_until(folder, (folder / f"flag.{arg}").exists)
    elif action == "raise":
        raise_flag(folder, arg)
    elif action == "meet":
        (folder / f"meet.{arg}.{name}").touch()
        _wake(folder)
        ok = _wait_until(folder, lambda: len(list(folder.glob(f"meet.{arg}.*"))) >= 2)
    elif action == "slow":
        time.sleep(arg)
    return name if ok else name + MISSED


def pids(folder):
    path = Path(folder) / "pids.txt"
    return [int(line) for line in path.read_text().split()] if path.exists() else []
