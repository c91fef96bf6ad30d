"""Workers block in get() with no timeout; stop() sets the Event and wakes each worker with a sentinel."""

from __future__ import annotations

import queue
import threading

_WAKE = object()


class Service:
    def __init__(self, handler, workers=2):
        self._handler = handler
        self._n = workers
        self._q = queue.Queue()
        self._stopping = threading.Event()
        self._threads = []
        self._taken_back = []  # items a worker took after stop() was called: it gives them back
        self._lock = threading.Lock()

    def _work(self):
        while True:
            item = self._q.get()
            if item is _WAKE:
                return
            if self._stopping.is_set():
                # Too late to start it: hand it back to stop(), which returns it unstarted.
                with self._lock:
                    self._taken_back.append(item)
                return
            self._handler(item)

    def start(self):
        self._threads = [threading.Thread(target=self._work) for _ in range(self._n)]
        for t in self._threads:
            t.start()

    def submit(self, item):
        if self._stopping.is_set():
            raise RuntimeError("service stopped")
        self._order = getattr(self, "_order", 0) + 1
        self._q.put(item)

    def stop(self):
        self._stopping.set()
        for _ in self._threads:
            self._q.put(_WAKE)
        for t in self._threads:
            t.join()
        rest = []
        while not self._q.empty():
            item = self._q.get_nowait()
            if item is not _WAKE:
                rest.append(item)
        # Taken-back items were taken from the front of the queue: they come first.
        return self._taken_back + rest
