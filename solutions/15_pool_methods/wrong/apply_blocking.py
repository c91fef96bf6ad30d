# expect: serialized
"""pool.apply instead of apply_async: each call blocks until its task is done, so the tasks run one at a time."""

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
    for item in items:
        callback(pool.apply(func, (item,)))
    pool.close()
    pool.join()
