"""Cooks and eaters in separate processes, talking only through queues.

Processes share no memory: everything goes through a multiprocessing.Queue.
Each cook (producer) puts its batch of dishes on the `dishes` queue. Each eater
(consumer) takes dishes until it meets SENTINEL, the "no more dishes" signal,
and reports every dish it ate on the `eaten` queue as (its pid, dish). run()
starts everything, sends the sentinels once all cooks are done, collects what
was eaten, and waits for every process to end.
"""

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
        if item is SENTINEL:
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
        p.join()  # every dish is on the queue now

    # TODO: one sentinel stops one eater. How many eaters are waiting?
    dishes.put(SENTINEL)

    # TODO: collect one (pid, item) from `eaten` for every dish that was cooked,
    # *before* joining the eaters: a process that still has data to hand over
    # through a queue does not end until someone reads it.
    out = []
    for p in eaters:
        p.join()
    return out
