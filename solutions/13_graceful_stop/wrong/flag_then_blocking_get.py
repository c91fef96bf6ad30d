# expect: deadlock|leaked_thread
"""The event is checked only before q.get(), which then blocks for ever: an idle worker never sees it."""

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
            item = self.q.get()  # waits here, with the event long set
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
        leftovers = []
        while not self.q.empty():
            leftovers.append(self.q.get_nowait())
        return leftovers
