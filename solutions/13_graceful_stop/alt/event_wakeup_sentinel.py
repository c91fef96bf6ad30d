"""Workers block in get() with no timeout; stop() sets the Event and wakes each worker with a sentinel."""

from __future__ import annotations

import itertools
import queue
import threading

_WAKE = (float("inf"), None)  # sorts after every numbered item; never an item itself


class Service:
    def __init__(self, handler, workers=2):
        self._handler = handler
        self._n = workers
        self._q = queue.Queue()
        self._numbers = itertools.count()
        self._stopping = threading.Event()
        self._threads = []
        self._given_back = []  # (number, item) taken by a worker after stop() was called
        self._lock = threading.Lock()

    def _work(self):
        while True:
            entry = self._q.get()
            if entry is _WAKE:
                return
            if self._stopping.is_set():
                # Too late to start it: hand it back to stop(), which returns it unstarted.
                with self._lock:
                    self._given_back.append(entry)
                return
            self._handler(entry[1])

    def start(self):
        self._threads = [threading.Thread(target=self._work) for _ in range(self._n)]
        for t in self._threads:
            t.start()

    def submit(self, item):
        if self._stopping.is_set():
            raise RuntimeError("service stopped")
        self._q.put((next(self._numbers), item))

    def stop(self):
        self._stopping.set()
        for _ in self._threads:
            self._q.put(_WAKE)
        for t in self._threads:
            t.join()
        rest = list(self._given_back)
        while True:
            try:
                entry = self._q.get_nowait()
            except queue.Empty:
                break
            if entry is not _WAKE:
                rest.append(entry)
        rest.sort(key=lambda entry: entry[0])  # back in the order they were submitted
        return [item for _, item in rest]
