"""queue.Queue(maxsize) already is a bounded buffer built on Conditions: delegate to it."""

from __future__ import annotations

import queue


class BoundedBuffer:
    def __init__(self, capacity):
        self.capacity = capacity
        self._q = queue.Queue(maxsize=capacity)

    def put(self, item):
        self._q.put(item)

    def get(self):
        return self._q.get()
