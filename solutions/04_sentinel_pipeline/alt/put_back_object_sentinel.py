"""A unique object() sentinel that each consumer puts back for the next one: run sends just one."""

from __future__ import annotations

import queue
import threading

SENTINEL = object()  # cannot be confused with any item


def producer(q, items):
    for item in items:
        q.put(item)


def consumer(q, out, lock):
    while True:
        item = q.get()
        if item is SENTINEL:
            q.put(SENTINEL)  # leave it for the other consumers
            return
        with lock:
            out.append(item)


def run(batches, n_consumers):
    q = queue.Queue()
    out = []
    lock = threading.Lock()
    consumers = [threading.Thread(target=consumer, args=(q, out, lock)) for _ in range(n_consumers)]
    producers = [threading.Thread(target=producer, args=(q, batch)) for batch in batches]
    for t in consumers + producers:
        t.start()
    for t in producers:
        t.join()
    q.put(SENTINEL)
    for t in consumers:
        t.join()
    return out
