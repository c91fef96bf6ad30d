"""Indirection for time functions.

Only this module reads the clock, so tests can replace these functions without disturbing anything else
that uses `time`.
"""

from __future__ import annotations

import time

monotonic = time.monotonic
sleep = time.sleep
wall = time.time  # seconds since the epoch, for timestamps people read (never for measuring durations)
