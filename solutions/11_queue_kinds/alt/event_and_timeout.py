"""Workers poll with get(timeout=...) and stop when an Event is set and the queue is drained."""

from __future__ import annotations

import itertools
import queue
import threading

POLICIES = ("fifo", "lifo", "priority")
QUEUE_CLASSES = {"fifo": queue.Queue, "lifo": queue.LifoQueue, "priority": queue.PriorityQueue}


class Dispatcher:
    def __init__(self, handler, policy="fifo", workers=2):
        try:
            self._q = QUEUE_CLASSES[policy]()
        except KeyError:
            raise ValueError(f"unknown policy {policy!r}") from None
        self._handler = handler
        self._policy = policy
        self._n_workers = workers
        self._tickets = itertools.count()
        self._done = threading.Event()
        self._workers = []

    def submit(self, job, priority=0):
        if self._policy == "priority":
            self._q.put((priority, next(self._tickets), job))
        else:
            self._q.put(job)

    def _run(self):
        while True:
            try:
                item = self._q.get(timeout=0.05)
            except queue.Empty:
                if self._done.is_set():
                    return
                continue
            job = item[-1] if self._policy == "priority" else item
            try:
                self._handler(job)
            finally:
                self._q.task_done()

    def start(self):
        self._workers = [threading.Thread(target=self._run, name=f"dispatcher-{i}") for i in range(self._n_workers)]
        for w in self._workers:
            w.start()

    def shutdown(self):
        self._q.join()
        self._done.set()
        for w in self._workers:
            w.join()
