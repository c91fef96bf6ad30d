# expect: lost_item
"""`while not q.empty()`: a consumer quits as soon as the queue is momentarily empty."""

from __future__ import annotations

import queue
import threading

SENTINEL = None


def producer(q, items):
    for item in items:
        q.put(item)


def consumer(q, out, lock):
    while not q.empty():
        item = q.get()
        if item is SENTINEL:
            break
        with lock:
            out.append(item)


def run(batches, n_consumers):
    q = queue.Queue()
    out = []
    lock = threading.Lock()
    producers = [threading.Thread(target=producer, args=(q, b)) for b in batches]
    consumers = [threading.Thread(target=consumer, args=(q, out, lock)) for _ in range(n_consumers)]
    for t in producers + consumers:
        t.start()
    for t in producers:
        t.join()
    for _ in consumers:
        q.put(SENTINEL)
    for t in consumers:
        t.join()
    return out
