"""The tutorial's second way: a Thread subclass that keeps its own result; the name comes from current_thread()."""

from __future__ import annotations

import threading


class Worker(threading.Thread):
    def __init__(self, i, work):
        super().__init__(name=f"Worker-{i}")
        self.work = work
        self.result = None

    def run(self):
        self.result = self.work(threading.current_thread().name)


def run_named(n, work):
    workers = [Worker(i, work) for i in range(1, n + 1)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return [w.result for w in workers]
