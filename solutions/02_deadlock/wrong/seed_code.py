# expect: deadlock|lock_order
"""The seed's code: func1 takes A then B, func2 takes B then A."""

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
    mutex_b.acquire()
    log.append((name, "func2", "B"))
    time.sleep(0.01)
    mutex_a.acquire()
    log.append((name, "func2", "A"))
    mutex_a.release()
    mutex_b.release()


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
