"""A deque guarded by a Condition: idle workers wait() on it, and stop() wakes them all with notify_all()."""

from __future__ import annotations

import threading
from collections import deque


class Service:
    def __init__(self, handler, workers=2):
        self.handler = handler
        self.workers = workers
        self.items = deque()
        self.cond = threading.Condition()
        self.stopping = False
        self.threads = []

    def _work(self):
        while True:
            with self.cond:
                while not self.items and not self.stopping:
                    self.cond.wait()  # sleeps without spinning until submit() or stop() notifies
                if self.stopping:
                    return
                item = self.items.popleft()
            self.handler(item)  # outside the lock: the other workers keep going

    def start(self):
        for _ in range(self.workers):
            t = threading.Thread(target=self._work)
            t.start()
            self.threads.append(t)

    def submit(self, item):
        with self.cond:
            if self.stopping:
                raise RuntimeError("stopped")
            self.items.append(item)
            self.cond.notify()

    def stop(self):
        with self.cond:
            self.stopping = True
            self.cond.notify_all()
        for t in self.threads:
            t.join()
        with self.cond:
            leftovers = list(self.items)
            self.items.clear()
        return leftovers
