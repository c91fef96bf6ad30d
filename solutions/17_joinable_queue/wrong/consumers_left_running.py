# expect: leaked_process
"""The tutorial's ending: the daemon consumers are left running, to die with the parent some day."""

from __future__ import annotations

import multiprocessing


def consumer(q, handle):
    """Forever: take an item from q, call handle(item), and tell q that the item is finished."""
    while True:
        item = q.get()
        handle(item)
        q.task_done()  # once per item, and only after it has really been handled


def producer(q, items):
    """Put every item on q, then wait until all of them have been handled."""
    for item in items:
        q.put(item)
    q.join()


def run(batches, n_consumers, handle):
    """Handle every item with n_consumers daemon consumer processes; return once all are handled."""
    q = multiprocessing.JoinableQueue()
    consumers = [multiprocessing.Process(target=consumer, args=(q, handle), daemon=True) for _ in range(n_consumers)]
    producers = [multiprocessing.Process(target=producer, args=(q, batch)) for batch in batches]
    for p in consumers + producers:
        p.start()
    for p in producers:
        p.join()  # a producer ends once every item it put has been handled
