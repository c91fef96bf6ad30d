# expect: timeout
"""Workers spin on a plain flag and q.empty() without ever blocking: an idle service burns the CPU."""

from __future__ import annotations

import queue
import threading


class Service:
    def __init__(self, handler, workers=2):
        self.handler = handler
        self.workers = workers
        self.q = queue.Queue()
        self.running = False
        self.threads = []

    def _work(self):
        while self.running:
            if not self.q.empty():
                try:
                    item = self.q.get_nowait()
                except queue.Empty:
                    continue
                self.handler(item)

    def start(self):
        self.running = True
        for _ in range(self.workers):
            t = threading.Thread(target=self._work)
            t.start()
            self.threads.append(t)

    def submit(self, item):
        if not self.running and self.threads:
            raise RuntimeError("stopped")
        self.q.put(item)

    def stop(self):
        self.running = False
        for t in self.threads:
            t.join()
        leftovers = []
        while not self.q.empty():
            leftovers.append(self.q.get_nowait())
        return leftovers
