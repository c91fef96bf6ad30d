# expect: serialized
"""Always exactly one worker thread, whatever `workers` says: correct order, but no parallel work."""

from __future__ import annotations

import itertools
import math
import queue
import threading

POLICIES = ("fifo", "lifo", "priority")
STOP = object()


class Dispatcher:
    def __init__(self, handler, policy="fifo", workers=2):
        if policy not in POLICIES:
            raise ValueError(policy)
        self.handler = handler
        self.policy = policy
        self.q = {"fifo": queue.Queue, "lifo": queue.LifoQueue, "priority": queue.PriorityQueue}[policy]()
        self.counter = itertools.count()
        self.thread = None

    def submit(self, job, priority=0):
        if self.policy == "priority":
            self.q.put((priority, next(self.counter), job))
        else:
            self.q.put(job)

    def _work(self):
        while True:
            item = self.q.get()
            job = item[2] if self.policy == "priority" else item
            try:
                if job is STOP:
                    return
                self.handler(job)
            finally:
                self.q.task_done()

    def start(self):
        self.thread = threading.Thread(target=self._work)  # one is enough: the queue keeps the order
        self.thread.start()

    def shutdown(self):
        self.q.join()
        self.q.put((math.inf, next(self.counter), STOP) if self.policy == "priority" else STOP)
        self.thread.join()
