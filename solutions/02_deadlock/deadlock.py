"""The seed's fix: both names refer to one re-entrant lock, so no thread can wait for another's half."""

from __future__ import annotations

import threading
import time

# One RLock under two names. A thread that holds it may take it again (func2
# takes "B" and then "A"), and every other thread waits until it has released
# it as many times as it took it.
mutex_a = mutex_b = threading.RLock()


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


if __name__ == "__main__":
    for entry in run():
        print(*entry)
