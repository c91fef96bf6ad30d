# expect: timeout
"""in_order and as_completed return imap's iterator from inside `with Pool() as pool:`: leaving the block
terminates the pool, so the results the caller then waits for never come."""

from __future__ import annotations

import multiprocessing


def map_in_pool(func, items, processes=2):
    pool = multiprocessing.Pool(processes)
    try:
        return pool.map(func, items)
    finally:
        pool.close()
        pool.join()


def in_order(func, items, processes=2):
    with multiprocessing.Pool(processes) as pool:
        return pool.imap(func, items)


def as_completed(func, items, processes=2):
    with multiprocessing.Pool(processes) as pool:
        return pool.imap_unordered(func, items)


def collect_async(func, items, callback, processes=2):
    pool = multiprocessing.Pool(processes)
    for item in items:
        pool.apply_async(func, (item,), callback=callback)
    pool.close()
    pool.join()
