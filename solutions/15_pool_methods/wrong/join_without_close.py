# expect: error
"""pool.join() without pool.close() first: multiprocessing refuses with ValueError("Pool is still running")."""

from __future__ import annotations

import multiprocessing


def _finish(pool):
    pool.join()
    pool.close()


def map_in_pool(func, items, processes=2):
    pool = multiprocessing.Pool(processes)
    results = pool.map(func, items)
    _finish(pool)
    return results


def in_order(func, items, processes=2):
    pool = multiprocessing.Pool(processes)
    yield from pool.imap(func, items)
    _finish(pool)


def as_completed(func, items, processes=2):
    pool = multiprocessing.Pool(processes)
    yield from pool.imap_unordered(func, items)
    _finish(pool)


def collect_async(func, items, callback, processes=2):
    pool = multiprocessing.Pool(processes)
    for item in items:
        pool.apply_async(func, (item,), callback=callback)
    _finish(pool)
