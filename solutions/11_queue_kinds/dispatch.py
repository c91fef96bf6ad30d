"""A job dispatcher whose workers take jobs first-in-first-out, last-in-first-out or by priority."""

from __future__ import annotations

import itertools
import math
import queue
import threading

POLICIES = ("fifo", "lifo", "priority")

_STOP = object()  # tells a worker to end; never a job


class Dispatcher:
    """Hands submitted jobs to `workers` threads, in the order the policy says."""

    def __init__(self, handler, policy="fifo", workers=2):
        if policy not in POLICIES:
            raise ValueError(f"unknown policy {policy!r}: use one of {POLICIES}")
        self.handler = handler
        self.policy = policy
        self.workers = workers
        if policy == "fifo":
            self._q = queue.Queue()
        elif policy == "lifo":
            self._q = queue.LifoQueue()
        else:
            self._q = queue.PriorityQueue()
        # The counter breaks ties between equal priorities: first submitted, first out. It also
        # means the heap never compares two jobs, which may not be comparable at all.
        self._seq = itertools.count()
        self._threads = []

    def _put(self, job, priority):
        if self.policy == "priority":
            self._q.put((priority, next(self._seq), job))
        else:
            self._q.put(job)

    def submit(self, job, priority=0):
        """Queue a job; with the "priority" policy, smaller priorities are handled first."""
        self._put(job, priority)

    def _work(self):
        while True:
            entry = self._q.get()
            job = entry[2] if self.policy == "priority" else entry
            try:
                if job is _STOP:
                    return
                self.handler(job)
            finally:
                self._q.task_done()

    def start(self):
        """Start the worker threads."""
        for i in range(self.workers):
            t = threading.Thread(target=self._work, name=f"worker-{i}")
            t.start()
            self._threads.append(t)

    def shutdown(self):
        """Handle every submitted job, then stop the workers and wait for them."""
        # First wait until every job is done: a stop signal put now would overtake the
        # waiting jobs in a LifoQueue (last in, first out) and end the workers too early.
        self._q.join()
        for _ in self._threads:
            self._put(_STOP, math.inf)
        for t in self._threads:
            t.join()
        self._threads = []


if __name__ == "__main__":
    for policy in POLICIES:
        seen = []
        d = Dispatcher(seen.append, policy, workers=1)
        for priority, job in [(2, "write report"), (1, "fix outage"), (3, "tidy desk"), (1, "call boss")]:
            d.submit(job, priority)
        d.start()
        d.shutdown()
        print(f"{policy:>8}: {seen}")
