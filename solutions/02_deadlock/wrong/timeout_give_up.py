# expect: wrong_result|mutual_exclusion
"""Waits for the second lock with a timeout and gives up: no hang, but a call may log only one entry."""

from __future__ import annotations

import threading
import time

mutex_a = threading.Lock()
mutex_b = threading.Lock()


def func1(log):
    name = threading.current_thread().name
    with mutex_a:
        log.append((name, "func1", "A"))
        if mutex_b.acquire(timeout=0.05):
            log.append((name, "func1", "B"))
            mutex_b.release()


def func2(log):
    name = threading.current_thread().name
    with mutex_b:
        log.append((name, "func2", "B"))
        time.sleep(0.01)
        if mutex_a.acquire(timeout=0.05):
            log.append((name, "func2", "A"))
            mutex_a.release()


def worker(log):
    func1(log)
    func2(log)


def run(n_threads=10):
    log = []
    threads = [threading.Thread(target=worker, args=(log,), name=f"Thread-{i}") for i in range(1, n_threads + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return log
