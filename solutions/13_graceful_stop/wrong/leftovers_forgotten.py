# expect: lost_item
"""A clean Event-based stop, but the items still waiting in the queue are simply dropped."""

from __future__ import annotations

import queue
import threading


class Service:
    def __init__(self, handler, workers=2):
        self.handler = handler
        self.workers = workers
        self.q = queue.Queue()
        self.stop_event = threading.Event()
        self.threads = []

    def _work(self):
        while not self.stop_event.is_set():
            try:
                item = self.q.get(timeout=0.1)
            except queue.Empty:
                continue
            self.handler(item)

    def start(self):
        for _ in range(self.workers):
            t = threading.Thread(target=self._work)
            t.start()
            self.threads.append(t)

    def submit(self, item):
        if self.stop_event.is_set():
            raise RuntimeError("stopped")
        self.q.put(item)

    def stop(self):
        self.stop_event.set()
        for t in self.threads:
            t.join()
        return []
