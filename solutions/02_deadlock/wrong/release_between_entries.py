# expect: mutual_exclusion
"""Never holds both locks at once, so it cannot deadlock, but another thread's entry can land between a call's two entries."""

from __future__ import annotations

import threading
import time

mutex_a = threading.Lock()
mutex_b = threading.Lock()


def func1(log):
    name = threading.current_thread().name
    with mutex_a:
        log.append((name, "func1", "A"))
    with mutex_b:
        log.append((name, "func1", "B"))


def func2(log):
    name = threading.current_thread().name
    with mutex_b:
        log.append((name, "func2", "B"))
    time.sleep(0.01)
    with mutex_a:
        log.append((name, "func2", "A"))


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
