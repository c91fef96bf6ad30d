"""Cooks and eaters in separate processes, talking only through queues."""

from __future__ import annotations

import multiprocessing
import os

SENTINEL = None  # the end-of-work signal; dishes are never None


def producer(q, items):
    """Put every item of one batch on q, and nothing else."""
    for item in items:
        q.put(item)


def consumer(q, results):
    """Take items from q until SENTINEL; put (os.getpid(), item) on results for each one."""
    while True:
        item = q.get()
        if item is SENTINEL:  # `is`, not `not item`: 0, "" and False are dishes too
            break
        results.put((os.getpid(), item))


def run(batches, n_consumers):
    """One producer process per batch, n_consumers consumer processes; return every (pid, item) eaten."""
    dishes = multiprocessing.Queue()
    eaten = multiprocessing.Queue()
    cooks = [multiprocessing.Process(target=producer, args=(dishes, batch)) for batch in batches]
    eaters = [multiprocessing.Process(target=consumer, args=(dishes, eaten)) for _ in range(n_consumers)]
    for p in cooks + eaters:
        p.start()
    for p in cooks:
        p.join()  # every dish is on the queue now, so the sentinels come after all of them
    for _ in eaters:
        dishes.put(SENTINEL)  # one sentinel stops one eater

    # Read every result before joining the eaters: an eater whose results are still
    # waiting in the pipe cannot end until the parent has read them.
    out = [eaten.get() for _ in range(sum(len(batch) for batch in batches))]
    for p in eaters:
        p.join()
    return out
