"""The handle() the tests hand to the learner's consumers; it runs in the consumer processes.

A module of its own, so that `functools.partial(handle, folder, seconds)` pickles by name under any start method.
handle() takes a while, then leaves a file per item in `folder`, so that the test can see which items were
completely handled when run() returned, and by which processes.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def handle(folder, seconds, item):
    time.sleep(seconds)
    if type(item) is not str:  # the tests put plain strs; anything else is named by its type, never formatted
        item = f"<{type(item).__name__}, not the str that was put>"
    scratch = Path(folder) / f"tmp.{item}"
    scratch.write_text(f"{os.getpid()}\n", encoding="utf-8")
    os.replace(scratch, Path(folder) / f"done.{item}")  # appears all at once, never half written


def handled(folder):
    """{item: pid} of every item whose handle() has finished."""
    return {path.name.split(".", 1)[1]: int(path.read_text(encoding="utf-8")) for path in Path(folder).glob("done.*")}
