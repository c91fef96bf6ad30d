# expect: over_limit|wrong_result
"""The tutorial's check-then-act, polling with sleep: the check and the change are not one step."""

from __future__ import annotations

import time
from collections import deque


class BoundedBuffer:
    def __init__(self, capacity):
        self.capacity = capacity
        self.items = deque()

    def put(self, item):
        while len(self.items) >= self.capacity:
            time.sleep(0.01)
        self.items.append(item)

    def get(self):
        while not self.items:
            time.sleep(0.01)
        return self.items.popleft()
