"""One process pool, four ways to hand it work."""

from __future__ import annotations

import multiprocessing


def map_in_pool(func, items, processes=2):
    """Return [func(item) for item in items], computed by a Pool of `processes` workers, in input order."""
    pool = multiprocessing.Pool(processes)
    try:
        return pool.map(func, items)
    finally:
        pool.close()  # no more tasks ...
        pool.join()  # ... then wait for the workers to exit (join() before close() raises ValueError)


def in_order(func, items, processes=2):
    """Yield func(item) for each item in input order, each as soon as it is ready."""
    pool = multiprocessing.Pool(processes)
    try:
        yield from pool.imap(func, items)
    finally:
        pool.close()
        pool.join()


def as_completed(func, items, processes=2):
    """Yield func(item) for each item as soon as it is ready, in the order they finish."""
    pool = multiprocessing.Pool(processes)
    try:
        yield from pool.imap_unordered(func, items)
    finally:
        pool.close()
        pool.join()


def collect_async(func, items, callback, processes=2):
    """Submit func(item) for every item with apply_async; callback(result) gets each result in the parent."""
    pool = multiprocessing.Pool(processes)
    for item in items:
        pool.apply_async(func, (item,), callback=callback)  # the callback runs in the parent
    pool.close()
    pool.join()  # returns once every task is done and every callback has run
