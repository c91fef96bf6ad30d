# expect: leaked_thread
"""Daemon workers, as in the tutorial: stop() sets the event and returns without waiting for them."""

from __future__ import annotations

import queue
import threading


class Service:
    def __init__(self, handler, workers=2):
        self.handler = handler
        self.workers = workers
        self.q = queue.Queue()
        self.stopped = threading.Event()

    def _work(self):
        while not self.stopped.is_set():
            try:
                item = self.q.get(timeout=0.1)
            except queue.Empty:
                continue
            self.handler(item)

    def start(self):
        for _ in range(self.workers):
            t = threading.Thread(target=self._work)
            t.daemon = True  # they die with the program anyway
            t.start()

    def submit(self, item):
        if self.stopped.is_set():
            raise RuntimeError("stopped")
        self.q.put(item)

    def stop(self):
        self.stopped.set()
        leftovers = []
        while not self.q.empty():
            leftovers.append(self.q.get())
        return leftovers
