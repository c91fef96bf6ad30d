"""Producers and consumers sharing one queue, stopped with sentinels.

Each producer puts its batch of items on the queue. The consumers take items
off the queue until they meet SENTINEL, the "no more items" signal. run() starts
everything, sends the sentinels once all producers are done, and waits for the
consumers to finish.
"""

from __future__ import annotations

import queue
import threading

SENTINEL = None  # the end-of-work signal; items are never None


def producer(q, items):
    """Put every item of one batch on the queue."""
    for item in items:
        q.put(item)


def consumer(q, out, lock):
    """Take items until SENTINEL arrives; append each item to out while holding lock."""
    while True:
        item = q.get()
        if item is SENTINEL:
            break
        with lock:
            out.append(item)


def run(batches, n_consumers):
    """Run one producer thread per batch and n_consumers consumer threads; return all items."""
    q = queue.Queue()
    out = []
    lock = threading.Lock()

    producers = [threading.Thread(target=producer, args=(q, batch)) for batch in batches]
    consumers = [threading.Thread(target=consumer, args=(q, out, lock)) for _ in range(n_consumers)]
    for t in producers + consumers:
        t.start()

    for t in producers:
        t.join()  # every item is on the queue now
    # TODO: one sentinel stops one consumer. How many consumers are waiting?
    q.put(SENTINEL)

    for t in consumers:
        t.join()
    return out
