"""The "network" the tests hand to run(); its delay() runs in the buyer processes.

A module of its own, so that it pickles by name under any start method.

Rendezvous.delay() widens the race window by construction: a buyer that has read the file waits there until
every buyer has read it too. Buyers that all read the file without a lock therefore always read the same
count, whatever the machine's speed. With a lock, the others cannot get there while the first one holds it:
the first buyer stops waiting after GIVE_UP seconds and notes it, so that nobody waits again in that run.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

GIVE_UP = 3.0  # seconds; buyers that race all arrive within milliseconds of each other


class Rendezvous:
    def __init__(self, folder, n_buyers):
        self.folder = str(folder)
        self.n_buyers = n_buyers

    def delay(self, seconds):
        folder = Path(self.folder)
        (folder / f"arrived.{os.getpid()}").touch()
        gave_up = folder / "gave-up"
        deadline = time.monotonic() + GIVE_UP
        while len(list(folder.glob("arrived.*"))) < self.n_buyers and not gave_up.exists():
            if time.monotonic() > deadline:
                gave_up.touch()
                return
            time.sleep(0.005)

    def __repr__(self):
        return f"Rendezvous({self.n_buyers} buyers)"


class Instant:
    def delay(self, seconds):
        pass
