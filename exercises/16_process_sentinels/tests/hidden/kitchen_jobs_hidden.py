"""Batches the tests hand to the learner's producers; they are iterated in the children.

A module of its own, so that they pickle by name under any start method.
"""

from __future__ import annotations

import time


class SlowBatch(list):
    """A batch whose cook needs `delay` seconds before the first dish: iterating it waits first."""

    def __init__(self, items, delay=0.5):
        super().__init__(items)
        self.delay = delay

    def __iter__(self):
        time.sleep(self.delay)
        return super().__iter__()

    def __repr__(self):
        return f"SlowBatch({super().__repr__()})"  # list.__repr__ does not call __iter__
