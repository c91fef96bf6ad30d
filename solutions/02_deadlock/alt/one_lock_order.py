"""Two plain Locks, always taken in the same order: A first, then B, in both functions."""

from __future__ import annotations

import threading
import time

mutex_a = threading.Lock()
mutex_b = threading.Lock()


def func1(log):
    name = threading.current_thread().name
    mutex_a.acquire()
    log.append((name, "func1", "A"))
    mutex_b.acquire()
    log.append((name, "func1", "B"))
    mutex_b.release()
    mutex_a.release()


def func2(log):
    name = threading.current_thread().name
    # Same order as func1: whoever holds A can always go on to get B.
    mutex_a.acquire()
    log.append((name, "func2", "A"))
    time.sleep(0.01)
    mutex_b.acquire()
    log.append((name, "func2", "B"))
    mutex_b.release()
    mutex_a.release()


def worker(log):
    func1(log)
    func2(log)


def run(n_threads=10):
    log = []
    threads = []
    for i in range(n_threads):
        t = threading.Thread(target=worker, args=(log,))
        t.name = "Thread-" + str(i + 1)
        threads.append(t)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return log
