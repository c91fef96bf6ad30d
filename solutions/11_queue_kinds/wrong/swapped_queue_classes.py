# expect: wrong_result
"""LifoQueue and Queue mixed up: "fifo" gets the LifoQueue and "lifo" the plain Queue."""

from __future__ import annotations

import itertools
import queue
import threading

POLICIES = ("fifo", "lifo", "priority")
QUEUES = {"fifo": queue.LifoQueue, "lifo": queue.Queue, "priority": queue.PriorityQueue}
STOP = object()


class Dispatcher:
    def __init__(self, handler, policy="fifo", workers=2):
        if policy not in QUEUES:
            raise ValueError(policy)
        self.handler = handler
        self.policy = policy
        self.workers = workers
        self.q = QUEUES[policy]()
        self.counter = itertools.count()
        self.threads = []

    def submit(self, job, priority=0):
        self.q.put((priority if self.policy == "priority" else 0, next(self.counter), job))

    def _work(self):
        while True:
            _, _, job = self.q.get()
            try:
                if job is STOP:
                    return
                self.handler(job)
            finally:
                self.q.task_done()

    def start(self):
        for _ in range(self.workers):
            t = threading.Thread(target=self._work)
            t.start()
            self.threads.append(t)

    def shutdown(self):
        self.q.join()
        for _ in self.threads:
            self.q.put((float("inf"), next(self.counter), STOP))
        for t in self.threads:
            t.join()
