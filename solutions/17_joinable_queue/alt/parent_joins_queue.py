"""The parent waits with q.join() itself, after the producers are done; producers only put."""

from __future__ import annotations

from multiprocessing import JoinableQueue
from multiprocessing import Process


def consumer(q, handle):
    while True:
        item = q.get()
        try:
            handle(item)
        finally:
            q.task_done()  # even if handle raised: otherwise q.join() would wait forever


def producer(q, items):
    for item in items:
        q.put(item)
    q.join()


def _put_all(q, items):
    for item in items:
        q.put(item)


def run(batches, n_consumers, handle):
    q = JoinableQueue()
    producers = [Process(target=_put_all, args=(q, batch)) for batch in batches]
    for p in producers:
        p.start()
    consumers = []
    for _ in range(n_consumers):
        p = Process(target=consumer, args=(q, handle))
        p.daemon = True
        p.start()
        consumers.append(p)
    for p in producers:
        p.join()  # everything is on the queue (and counted) now
    q.join()
    for p in consumers:
        p.kill()
        p.join()
