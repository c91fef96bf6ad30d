# expect: leaked_thread
"""Daemon workers and q.join(): every job is handled, but the workers are never stopped."""

from __future__ import annotations

import itertools
import queue
import threading

POLICIES = ("fifo", "lifo", "priority")


class Dispatcher:
    def __init__(self, handler, policy="fifo", workers=2):
        if policy not in POLICIES:
            raise ValueError(policy)
        self.handler = handler
        self.policy = policy
        self.workers = workers
        self.q = {"fifo": queue.Queue, "lifo": queue.LifoQueue, "priority": queue.PriorityQueue}[policy]()
        self.counter = itertools.count()

    def submit(self, job, priority=0):
        if self.policy == "priority":
            self.q.put((priority, next(self.counter), job))
        else:
            self.q.put(job)

    def _work(self):
        while True:
            item = self.q.get()
            self.handler(item[2] if self.policy == "priority" else item)
            self.q.task_done()

    def start(self):
        for _ in range(self.workers):
            threading.Thread(target=self._work, daemon=True).start()

    def shutdown(self):
        self.q.join()  # the daemon workers die with the program
