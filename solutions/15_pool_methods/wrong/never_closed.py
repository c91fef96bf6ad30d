# expect: leaked_process|lost_item
"""The pools are never closed nor joined: the workers keep running, and collect_async returns too early."""

from __future__ import annotations

import multiprocessing


def map_in_pool(func, items, processes=2):
    pool = multiprocessing.Pool(processes)
    return pool.map(func, items)


def in_order(func, items, processes=2):
    pool = multiprocessing.Pool(processes)
    yield from pool.imap(func, items)


def as_completed(func, items, processes=2):
    pool = multiprocessing.Pool(processes)
    yield from pool.imap_unordered(func, items)


def collect_async(func, items, callback, processes=2):
    pool = multiprocessing.Pool(processes)
    for item in items:
        pool.apply_async(func, (item,), callback=callback)
