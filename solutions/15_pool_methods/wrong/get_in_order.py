# expect: wrong_result
"""collect_async waits for each AsyncResult with get() in submission order and calls callback itself."""

from __future__ import annotations

import multiprocessing


def map_in_pool(func, items, processes=2):
    with multiprocessing.Pool(processes) as pool:
        return pool.map(func, items)


def in_order(func, items, processes=2):
    with multiprocessing.Pool(processes) as pool:
        yield from pool.imap(func, items)


def as_completed(func, items, processes=2):
    with multiprocessing.Pool(processes) as pool:
        yield from pool.imap_unordered(func, items)


def collect_async(func, items, callback, processes=2):
    pool = multiprocessing.Pool(processes)
    pending = [pool.apply_async(func, (item,)) for item in items]
    for task in pending:
        callback(task.get())
    pool.close()
    pool.join()
