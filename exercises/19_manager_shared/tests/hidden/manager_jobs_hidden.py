"""Work functions the tests hand to run(); they run in the children.

A module of its own, so that they pickle by name under any start method.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

WAIT_LIMIT = 5.0  # seconds a child waits for the others; correct code never comes close
MISSED = "!missed"


def slow_record(d, lst, item):
    """Like record(), but takes a while first."""
    time.sleep(0.3)
    d[item] = os.getpid()
    lst.append(item)


def meet_record(folder, d, lst, item):
    """Record item only after every child of the same folder has started (they run side by side)."""
    folder = Path(folder)
    (folder / f"here.{item}").touch()
    expected = int((folder / "count").read_text())
    deadline = time.monotonic() + WAIT_LIMIT
    while len(list(folder.glob("here.*"))) < expected:
        if time.monotonic() > deadline:
            item = f"{item}{MISSED}"
            break
        time.sleep(0.005)
    d[item] = os.getpid()
    lst.append(item)
