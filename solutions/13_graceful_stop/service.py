"""A background service whose worker threads stop gracefully when asked, instead of dying abruptly."""

from __future__ import annotations

import queue
import threading

#: How long an idle worker waits for an item before it looks at the stop event again.
POLL = 0.1


class Service:
    """`workers` threads handle submitted items; stop() lets them finish their current item."""

    def __init__(self, handler, workers=2):
        self.handler = handler
        self.workers = workers
        self._items = queue.Queue()
        self._stop = threading.Event()
        self._threads = []

    def _work(self):
        while not self._stop.is_set():
            try:
                # Never block for ever: wake up now and then to look at the stop event.
                item = self._items.get(timeout=POLL)
            except queue.Empty:
                continue
            self.handler(item)  # the current item is always finished

    def start(self):
        """Start the worker threads (not daemons: they are stopped and joined by stop())."""
        for i in range(self.workers):
            t = threading.Thread(target=self._work, name=f"service-worker-{i}")
            t.start()
            self._threads.append(t)

    def submit(self, item):
        """Accept an item for handling; after stop() this raises RuntimeError."""
        if self._stop.is_set():
            raise RuntimeError("the service has been stopped")
        self._items.put(item)

    def stop(self):
        """Stop the workers after their current item, wait for them, return the items never started."""
        self._stop.set()
        for t in self._threads:
            t.join()
        self._threads = []
        leftovers = []
        while True:
            try:
                leftovers.append(self._items.get_nowait())
            except queue.Empty:
                return leftovers


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
