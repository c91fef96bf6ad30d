# expect: lost_item
"""Stop signals are sent while jobs still wait: in a LifoQueue they come out first and end the workers."""

from __future__ import annotations

import itertools
import queue
import threading

POLICIES = ("fifo", "lifo", "priority")
STOP = None


class Dispatcher:
    def __init__(self, handler, policy="fifo", workers=2):
        if policy not in POLICIES:
            raise ValueError(policy)
        self.handler = handler
        self.policy = policy
        self.workers = workers
        self.q = {"fifo": queue.Queue, "lifo": queue.LifoQueue, "priority": queue.PriorityQueue}[policy]()
        self.counter = itertools.count()
        self.threads = []

    def submit(self, job, priority=0):
        if self.policy == "priority":
            self.q.put((priority, next(self.counter), job))
        else:
            self.q.put(job)

    def _work(self):
        while True:
            item = self.q.get()
            job = item[2] if self.policy == "priority" else item
            if job is STOP:
                return
            self.handler(job)

    def start(self):
        for _ in range(self.workers):
            t = threading.Thread(target=self._work)
            t.start()
            self.threads.append(t)

    def shutdown(self):
        # As in the sentinel pipeline: one stop signal per worker, then join.
        for _ in self.threads:
            self.q.put((float("inf"), next(self.counter), STOP) if self.policy == "priority" else STOP)
        for t in self.threads:
            t.join()
