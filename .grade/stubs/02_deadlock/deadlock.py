"""Two locks, two functions, and threads that get stuck.

func1 takes lock A and then lock B; func2 takes lock B and then lock A. One
thread can hold A while waiting for B as another holds B while waiting for A:
both wait for ever. Run this file and it will most likely hang (Ctrl+C to stop).
"""

from __future__ import annotations

import threading
import time

# TODO: these two locks are the problem. Fix it here, in func1/func2, or both.
mutex_a = threading.Lock()
mutex_b = threading.Lock()


def func1(log):
    """Take A, then B, noting each lock in the log as soon as it is held."""
    name = threading.current_thread().name
    mutex_a.acquire()
    log.append((name, "func1", "A"))
    mutex_b.acquire()
    log.append((name, "func1", "B"))
    mutex_b.release()
    mutex_a.release()


def func2(log):
    """Take B, then A, noting each lock in the log as soon as it is held."""
    name = threading.current_thread().name
    # TODO: this order is the opposite of func1's.
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
    """Start n_threads workers named Thread-1 .. Thread-N, wait for them all, return the log."""
    log = []
    threads = [threading.Thread(target=worker, args=(log,), name=f"Thread-{i}") for i in range(1, n_threads + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return log


if __name__ == "__main__":
    for entry in run():
        print(*entry)
