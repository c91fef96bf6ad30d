# expect: error|lost_item|wrong_result
"""A plain list shared by the workers without a lock: `if jobs:` and `jobs.pop()` can interleave."""

from __future__ import annotations

import itertools
import threading
import time

POLICIES = ("fifo", "lifo", "priority")


class Dispatcher:
    def __init__(self, handler, policy="fifo", workers=2):
        if policy not in POLICIES:
            raise ValueError(policy)
        self.handler = handler
        self.policy = policy
        self.workers = workers
        self.jobs = []  # (priority, number, job)
        self.counter = itertools.count()
        self.stopping = False
        self.threads = []

    def submit(self, job, priority=0):
        self.jobs.append((priority, next(self.counter), job))

    def _next(self):
        if self.policy == "fifo":
            return self.jobs.pop(0)
        if self.policy == "lifo":
            return self.jobs.pop()
        best = min(self.jobs, key=lambda e: (e[0], e[1]))
        self.jobs.remove(best)
        return best

    def _work(self):
        while True:
            if self.jobs:
                _, _, job = self._next()
                self.handler(job)
            elif self.stopping:
                return
            else:
                time.sleep(0.01)

    def start(self):
        for _ in range(self.workers):
            t = threading.Thread(target=self._work)
            t.start()
            self.threads.append(t)

    def shutdown(self):
        self.stopping = True
        for t in self.threads:
            t.join()
