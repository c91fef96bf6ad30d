"""One Condition for both sides, wait_for() with a predicate (it loops for you), notify_all()."""

from __future__ import annotations

import threading


class BoundedBuffer:
    def __init__(self, capacity):
        self.capacity = capacity
        self.items = []
        self.changed = threading.Condition()

    def put(self, item):
        with self.changed:
            self.changed.wait_for(lambda: len(self.items) < self.capacity)
            self.items.append(item)
            # One condition is shared by producers and consumers: wake everyone, the ones
            # that cannot go on yet go back to waiting.
            self.changed.notify_all()

    def get(self):
        with self.changed:
            self.changed.wait_for(lambda: len(self.items) > 0)
            item = self.items.pop(0)
            self.changed.notify_all()
        return item
