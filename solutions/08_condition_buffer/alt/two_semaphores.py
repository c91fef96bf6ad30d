"""The classic semaphore solution: count free places and full places, and a lock for the list."""

from __future__ import annotations

import threading


class BoundedBuffer:
    def __init__(self, capacity):
        self.capacity = capacity
        self.items = []
        self.free = threading.Semaphore(capacity)
        self.full = threading.Semaphore(0)
        self.lock = threading.Lock()

    def put(self, item):
        self.free.acquire()
        with self.lock:
            self.items.append(item)
        self.full.release()

    def get(self):
        self.full.acquire()
        with self.lock:
            item = self.items.pop(0)
        self.free.release()
        return item
