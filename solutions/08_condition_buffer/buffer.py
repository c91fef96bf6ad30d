"""A bounded buffer between producers and consumers, built on threading.Condition."""

from __future__ import annotations

import threading
from collections import deque


class BoundedBuffer:
    """A FIFO buffer holding at most `capacity` items; safe for many producers and consumers."""

    def __init__(self, capacity):
        self.capacity = capacity
        self.items = deque()
        # Two conditions on one lock: producers wait on not_full, consumers on not_empty,
        # so each notify wakes a thread of the side that can now go on.
        self.lock = threading.Lock()
        self.not_full = threading.Condition(self.lock)
        self.not_empty = threading.Condition(self.lock)

    def put(self, item):
        """Add item at the end; wait while the buffer is full."""
        with self.not_full:
            # `while`, not `if`: when wait() returns, another producer may have taken the place.
            while len(self.items) >= self.capacity:
                self.not_full.wait()
            self.items.append(item)
            self.not_empty.notify()

    def get(self):
        """Remove and return the oldest item; wait while the buffer is empty."""
        with self.not_empty:
            while not self.items:
                self.not_empty.wait()
            item = self.items.popleft()
            self.not_full.notify()
            return item


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
