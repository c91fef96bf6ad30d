# expect: error|wrong_result
"""(priority, job) tuples without a counter: equal priorities compare the jobs themselves."""

from __future__ import annotations

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
        self.workers = workers
        self.q = {"fifo": queue.Queue, "lifo": queue.LifoQueue, "priority": queue.PriorityQueue}[policy]()
        self.threads = []

    def submit(self, job, priority=0):
        if self.policy == "priority":
            self.q.put((priority, job))  # a tie compares job with job
        else:
            self.q.put(job)

    def _work(self):
        while True:
            item = self.q.get()
            job = item[1] if self.policy == "priority" else item
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
            self.q.put((float("inf"), STOP) if self.policy == "priority" else STOP)
        for t in self.threads:
            t.join()
