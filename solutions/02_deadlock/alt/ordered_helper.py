"""A helper that takes any set of locks in one fixed global order, whatever order the caller names them in."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

mutex_a = threading.Lock()
mutex_b = threading.Lock()

# The one order every thread uses: A before B.
LOCK_ORDER = [mutex_a, mutex_b]


@contextmanager
def holding(*locks):
    ordered = [lock for lock in LOCK_ORDER if lock in locks]
    for lock in ordered:
        lock.acquire()
    try:
        yield
    finally:
        for lock in reversed(ordered):
            lock.release()


def func1(log):
    name = threading.current_thread().name
    with holding(mutex_a, mutex_b):
        log.append((name, "func1", "A"))
        log.append((name, "func1", "B"))


def func2(log):
    name = threading.current_thread().name
    with holding(mutex_b, mutex_a):
        log.append((name, "func2", "B"))
        time.sleep(0.01)
        log.append((name, "func2", "A"))


def worker(log):
    func1(log)
    func2(log)


def run(n_threads=10):
    log = []
    threads = [threading.Thread(target=worker, args=(log,), name=f"Thread-{i + 1}") for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return log
