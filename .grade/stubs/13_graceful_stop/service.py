"""A background service whose worker threads should stop gracefully when asked.

The tutorial's workers are daemon threads: "Daemon threads are abruptly stopped
at shutdown. Their resources (such as open files, database transactions, etc.)
may not be released properly. If you want your threads to stop gracefully, make
them non-daemonic and use a suitable signalling mechanism such as an Event."
"""

from __future__ import annotations

import queue
import threading


class Service:
    """`workers` threads handle submitted items; stop() lets them finish their current item."""

    def __init__(self, handler, workers=2):
        self.handler = handler
        self.workers = workers
        self.items = queue.Queue()
        # TODO: create the threading.Event that tells the workers to stop.
        self.threads = []

    def _work(self):
        # TODO: stop when the event is set, after finishing the current item, and
        # never block for ever while waiting for the next one.
        while True:
            item = self.items.get()
            self.handler(item)

    def start(self):
        """Start the worker threads."""
        for i in range(self.workers):
            # TODO: daemon threads are killed in the middle of an item: make them normal
            # threads, stopped and joined by stop().
            t = threading.Thread(target=self._work, name=f"service-worker-{i}", daemon=True)
            t.start()
            self.threads.append(t)

    def submit(self, item):
        """Accept an item for handling; after stop() this raises RuntimeError."""
        # TODO: refuse items once the service has been stopped.
        self.items.put(item)

    def stop(self):
        """Stop the workers after their current item, wait for them, return the items never started."""
        # TODO: set the event, join every worker, then return the items still in the
        # queue, in the order they were submitted.
        return []


if __name__ == "__main__":
    import time

    def slow_print(item):
        time.sleep(0.3)
        print("handled", item)

    service = Service(slow_print, workers=2)
    service.start()
    for n in range(10):
        service.submit(n)
    time.sleep(0.5)
    print("stopping; never started:", service.stop())
