"""A bounded buffer between producers and consumers, built on threading.Condition.

The tutorial's producer checks `if not q.full()` before q.put(p), and its
customers check `if not q.empty()` before q.get(): the check and the action are
two separate steps, and a customer that finds the queue empty simply leaves.
Here you build the blocking buffer yourself: put() waits while the buffer is
full, get() waits while it is empty, and each wakes the other side up.
"""

from __future__ import annotations

import threading
from collections import deque


class BoundedBuffer:
    """A FIFO buffer holding at most `capacity` items; safe for many producers and consumers."""

    def __init__(self, capacity):
        self.capacity = capacity
        self.items = deque()
        # TODO: create a threading.Condition here. Every look at or change to
        # self.items must happen while holding it.

    def put(self, item):
        """Add item at the end; wait while the buffer is full."""
        # TODO: while the buffer is full, wait on the condition. After adding
        # the item, wake up the threads waiting to get.
        self.items.append(item)

    def get(self):
        """Remove and return the oldest item; wait while the buffer is empty."""
        # TODO: while the buffer is empty, wait on the condition. After taking
        # an item, wake up the threads waiting to put.
        return self.items.popleft()


if __name__ == "__main__":
    buf = BoundedBuffer(2)

    def produce():
        for i in range(5):
            buf.put(f"bun-{i}")
            print(f"made bun-{i}")

    maker = threading.Thread(target=produce)
    maker.start()
    for _ in range(5):
        print(f"ate {buf.get()}")
    maker.join()
