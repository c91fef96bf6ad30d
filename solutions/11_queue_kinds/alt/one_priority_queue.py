"""One PriorityQueue for every policy: the key alone decides the order (counter, minus counter, priority)."""

from __future__ import annotations

import itertools
import queue
import threading

POLICIES = ("fifo", "lifo", "priority")


class Dispatcher:
    def __init__(self, handler, policy="fifo", workers=2):
        if policy not in POLICIES:
            raise ValueError(f"unknown policy {policy!r}")
        self.handler = handler
        self.policy = policy
        self.workers = workers
        self.q = queue.PriorityQueue()
        self.counter = itertools.count()
        self.threads = []

    def _key(self, priority, n):
        if self.policy == "fifo":
            return (0, n)
        if self.policy == "lifo":
            return (0, -n)
        return (0, priority, n)

    def submit(self, job, priority=0):
        n = next(self.counter)
        self.q.put((self._key(priority, n), n, job))

    def _worker(self):
        while True:
            _, _, job = self.q.get()
            if job is None:  # jobs are never None: the stop signal
                return
            self.handler(job)

    def start(self):
        for _ in range(self.workers):
            t = threading.Thread(target=self._worker)
            t.start()
            self.threads.append(t)

    def shutdown(self):
        # (1,) sorts after every job's key (0, ...): the stop signals wait behind all jobs,
        # even in "lifo" order, so they can be sent at once.
        for _ in self.threads:
            n = next(self.counter)
            self.q.put(((1,), n, None))
        for t in self.threads:
            t.join()
        self.threads.clear()
