"""Consumers that never stop by themselves, and a queue that knows when the work is done.

A multiprocessing.JoinableQueue counts the items put on it that are not finished
yet. A consumer tells it "this one is finished" with q.task_done(), once per
item it got; q.join() blocks until that count is back to zero, i.e. until every
item put so far has been handled. Then nobody needs a sentinel: the consumers
are daemon processes that loop forever, and the parent stops them once the
work is done.
"""

from __future__ import annotations

import multiprocessing


def consumer(q, handle):
    """Forever: take an item from q, call handle(item), and tell q that the item is finished."""
    while True:
        item = q.get()
        handle(item)
        # TODO: q.join() waits until every item got is reported finished. Report this one.


def producer(q, items):
    """Put every item on q, then wait until all of them have been handled."""
    for item in items:
        q.put(item)
    q.join()


def run(batches, n_consumers, handle):
    """Handle every item of every batch with n_consumers daemon consumer processes; return once all are handled.

    Leave no process running.
    """
    q = multiprocessing.JoinableQueue()
    consumers = [multiprocessing.Process(target=consumer, args=(q, handle), daemon=True) for _ in range(n_consumers)]
    producers = [multiprocessing.Process(target=producer, args=(q, batch)) for batch in batches]
    for p in consumers + producers:
        p.start()
    for p in producers:
        p.join()  # a producer ends once every item it put has been handled
    # TODO: the consumers loop forever, waiting in q.get(): stop them, and wait until they are gone.
