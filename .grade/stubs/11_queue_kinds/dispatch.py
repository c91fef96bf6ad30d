"""A job dispatcher whose workers take jobs first-in-first-out, last-in-first-out or by priority.

The tutorial shows the three queues of the queue module: queue.Queue (first in,
first out), queue.LifoQueue (last in, first out) and queue.PriorityQueue (the
smallest entry first, so put (priority, ...) tuples in it). All three are safe
to share between threads and block in get() until there is something to take.
"""

from __future__ import annotations

import queue
import threading

POLICIES = ("fifo", "lifo", "priority")


class Dispatcher:
    """Hands submitted jobs to `workers` threads, in the order the policy says."""

    def __init__(self, handler, policy="fifo", workers=2):
        if policy not in POLICIES:
            raise ValueError(f"unknown policy {policy!r}: use one of {POLICIES}")
        self.handler = handler
        self.policy = policy
        self.workers = workers
        # TODO: pick the queue class that fits the policy. For "priority", equal
        # priorities must come out in the order they were submitted, and two jobs
        # must never be compared with each other (they may not support `<`).
        self.jobs = queue.Queue()
        self.threads = []

    def submit(self, job, priority=0):
        """Queue a job; with the "priority" policy, smaller priorities are handled first."""
        # TODO: for "priority", put an entry that sorts by priority, then by submission.
        self.jobs.put(job)

    def _work(self):
        """One worker: take a job, call handler(job), repeat until told to stop."""
        while True:
            job = self.jobs.get()
            # TODO: recognise your stop signal and return.
            self.handler(job)

    def start(self):
        """Start the worker threads."""
        for i in range(self.workers):
            t = threading.Thread(target=self._work, name=f"worker-{i}")
            t.start()
            self.threads.append(t)

    def shutdown(self):
        """Handle every submitted job, then stop the workers and wait for them."""
        # TODO: make sure every job is handled, then stop each worker and join it.
        # Careful: a stop signal put into a LifoQueue comes out before the jobs
        # that are still waiting.


if __name__ == "__main__":
    for policy in POLICIES:
        seen = []
        d = Dispatcher(seen.append, policy, workers=1)
        for priority, job in [(2, "write report"), (1, "fix outage"), (3, "tidy desk"), (1, "call boss")]:
            d.submit(job, priority)
        d.start()
        d.shutdown()
        print(f"{policy:>8}: {seen}")
