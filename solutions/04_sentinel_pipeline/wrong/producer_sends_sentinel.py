# expect: lost_item|deadlock|wrong_result
"""Each producer sends a sentinel after its batch (the tutorial's first version), and run sends none."""

from __future__ import annotations

import queue
import threading

SENTINEL = None


def producer(q, items):
    for item in items:
        q.put(item)
    q.put(SENTINEL)  # I am done


def consumer(q, out, lock):
    while True:
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
    for t in producers + consumers:
        t.join()
    return out
