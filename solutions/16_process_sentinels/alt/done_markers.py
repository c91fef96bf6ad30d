"""Each consumer reports "done" on the result queue; run() reads until it has heard from every consumer."""

from __future__ import annotations

import os
from multiprocessing import Process
from multiprocessing import Queue

SENTINEL = None
DONE = "__done__"  # only ever sent as the bare string, never inside a (pid, item) pair


def producer(q, items):
    for item in items:
        q.put(item)


def consumer(q, results):
    for item in iter(q.get, SENTINEL):  # stops at the first item equal to SENTINEL
        results.put((os.getpid(), item))


def _eat(q, results):
    consumer(q, results)
    results.put(DONE)


def run(batches, n_consumers):
    q = Queue()
    results = Queue()
    eaters = [Process(target=_eat, args=(q, results)) for _ in range(n_consumers)]
    for p in eaters:
        p.start()
    cooks = []
    for batch in batches:
        p = Process(target=producer, args=(q, batch))
        p.start()
        cooks.append(p)
    for p in cooks:
        p.join()
    for _ in range(n_consumers):
        q.put(SENTINEL)
    out = []
    finished = 0
    while finished < n_consumers:
        record = results.get()
        if isinstance(record, str) and record == DONE:
            finished += 1
        else:
            out.append(record)
    for p in eaters:
        p.join()
    return out
