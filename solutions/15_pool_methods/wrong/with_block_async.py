# expect: lost_item
"""apply_async inside `with Pool() as pool:` and nothing else: leaving the block terminates the unfinished tasks."""

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
    with multiprocessing.Pool(processes) as pool:
        for item in items:
            pool.apply_async(func, (item,), callback=callback)
