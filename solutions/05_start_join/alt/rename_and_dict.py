"""Threads renamed after creation; results collected in a dict keyed by name, under a lock."""

from __future__ import annotations

from threading import Lock
from threading import Thread
from threading import current_thread


def run_named(n, work):
    done = {}
    lock = Lock()

    def job():
        name = current_thread().name
        value = work(name)
        with lock:
            done[name] = value

    threads = []
    for i in range(n):
        t = Thread(target=job)
        t.name = "Worker-" + str(i + 1)
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    return [done[f"Worker-{i}"] for i in range(1, n + 1)]
