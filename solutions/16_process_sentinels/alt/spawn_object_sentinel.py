"""A "spawn" context and a sentinel class no dish can equal; the sentinel is compared by type after pickling."""

from __future__ import annotations

import multiprocessing
import os

ctx = multiprocessing.get_context("spawn")


class Stop:
    """The end-of-work marker. A pickled copy is a new object, so consumers test isinstance, not identity."""

    def __eq__(self, other):
        return isinstance(other, Stop)

    def __hash__(self):
        return 0

    def __repr__(self):
        return "SENTINEL"


SENTINEL = Stop()


def producer(q, items):
    for item in items:
        q.put(item)


def consumer(q, results):
    while True:
        item = q.get()
        if isinstance(item, Stop):
            return
        results.put((os.getpid(), item))


def run(batches, n_consumers):
    q = ctx.Queue()
    results = ctx.Queue()
    total = sum(len(batch) for batch in batches)
    cooks = [ctx.Process(target=producer, args=(q, batch)) for batch in batches]
    eaters = [ctx.Process(target=consumer, args=(q, results)) for _ in range(n_consumers)]
    for p in eaters + cooks:
        p.start()
    out = []
    for p in cooks:
        p.join()
    for _ in eaters:
        q.put(SENTINEL)
    while len(out) < total:
        out.append(results.get())
    for p in eaters:
        p.join()
    return out
