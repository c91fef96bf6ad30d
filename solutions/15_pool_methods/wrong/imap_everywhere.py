# expect: wrong_result
"""imap for as_completed too: the results come in input order, so a slow first item holds back the rest."""

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
        yield from pool.imap(func, items)


def collect_async(func, items, callback, processes=2):
    pool = multiprocessing.Pool(processes)
    for item in items:
        pool.apply_async(func, (item,), callback=callback)
    pool.close()
    pool.join()
