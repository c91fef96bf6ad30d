"""Wait with q.join() until every item is processed, then stop the consumers with sentinels."""

from __future__ import annotations

import queue
import threading

SENTINEL = None


def producer(q, items):
    for item in items:
        q.put(item)


def consumer(q, out, lock):
    while True:
        item = q.get()
        try:
            if item is SENTINEL:
                return
            with lock:
                out.append(item)
        finally:
            q.task_done()  # tells q.join() this item is dealt with


def run(batches, n_consumers):
    q = queue.Queue()
    out = []
    lock = threading.Lock()
    producers = [threading.Thread(target=producer, args=(q, batch)) for batch in batches]
    consumers = [threading.Thread(target=consumer, args=(q, out, lock)) for _ in range(n_consumers)]
    for t in consumers + producers:
        t.start()
    for t in producers:
        t.join()
    q.join()  # all produced items have been appended
    for _ in consumers:
        q.put(SENTINEL)
    for t in consumers:
        t.join()
    return out
