"""After q.join(), one sentinel per consumer lets the consumers end by themselves: no terminate() needed."""

from __future__ import annotations

import multiprocessing

STOP = None


def consumer(q, handle):
    while True:
        item = q.get()
        if item is STOP:
            q.task_done()
            return
        handle(item)
        q.task_done()


def producer(q, items):
    for item in items:
        q.put(item)
    q.join()


def run(batches, n_consumers, handle):
    ctx = multiprocessing.get_context("spawn")
    q = ctx.JoinableQueue()
    consumers = [ctx.Process(target=consumer, args=(q, handle), daemon=True) for _ in range(n_consumers)]
    producers = [ctx.Process(target=producer, args=(q, batch)) for batch in batches]
    for p in consumers + producers:
        p.start()
    for p in producers:
        p.join()
    for _ in consumers:
        q.put(STOP)
    for p in consumers:
        p.join()
