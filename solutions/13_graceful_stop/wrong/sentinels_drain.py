# expect: wrong_result
"""Stop signals queued behind the items (the pipeline recipe): every waiting item is worked through first."""

from __future__ import annotations

import queue
import threading

STOP = object()


class Service:
    def __init__(self, handler, workers=2):
        self.handler = handler
        self.workers = workers
        self.q = queue.Queue()
        self.stopped = False
        self.threads = []

    def _work(self):
        while True:
            item = self.q.get()
            if item is STOP:
                return
            self.handler(item)

    def start(self):
        for _ in range(self.workers):
            t = threading.Thread(target=self._work)
            t.start()
            self.threads.append(t)

    def submit(self, item):
        if self.stopped:
            raise RuntimeError("stopped")
        self.q.put(item)

    def stop(self):
        self.stopped = True
        for _ in self.threads:
            self.q.put(STOP)
        for t in self.threads:
            t.join()
        return []  # nothing left: the workers did it all
