"""The consumer loop written with iter(q.get, SENTINEL); the pipeline built with a list per role."""

from __future__ import annotations

import queue
import threading


class _Stop:
    """The end-of-work marker: a class of its own, so no item can equal it."""

    def __repr__(self):
        return "SENTINEL"


SENTINEL = _Stop()


def producer(q, items):
    for item in items:
        q.put(item)


def consumer(q, out, lock):
    # iter(f, x) calls f() until it returns something equal to x.
    for item in iter(q.get, SENTINEL):
        with lock:
            out.append(item)


def run(batches, n_consumers):
    q = queue.Queue()
    out = []
    lock = threading.Lock()
    consumers = []
    for _ in range(n_consumers):
        t = threading.Thread(target=consumer, args=(q, out, lock))
        t.start()
        consumers.append(t)
    producers = []
    for batch in batches:
        t = threading.Thread(target=producer, args=(q, batch))
        t.start()
        producers.append(t)
    for t in producers:
        t.join()
    for _ in range(n_consumers):
        q.put(SENTINEL)
    for t in consumers:
        t.join()
    return out
