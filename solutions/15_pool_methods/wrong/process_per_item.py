# expect: over_limit
"""map_in_pool starts one Process per item instead of a pool of `processes` workers."""

from __future__ import annotations

import multiprocessing


def _run(func, item, results, index):
    results[index] = func(item)


def map_in_pool(func, items, processes=2):
    with multiprocessing.Manager() as manager:
        results = manager.list([None] * len(items))
        children = [multiprocessing.Process(target=_run, args=(func, item, results, i)) for i, item in enumerate(items)]
        for p in children:
            p.start()
        for p in children:
            p.join()
        return list(results)


def in_order(func, items, processes=2):
    with multiprocessing.Pool(processes) as pool:
        yield from pool.imap(func, items)


def as_completed(func, items, processes=2):
    with multiprocessing.Pool(processes) as pool:
        yield from pool.imap_unordered(func, items)


def collect_async(func, items, callback, processes=2):
    pool = multiprocessing.Pool(processes)
    for item in items:
        pool.apply_async(func, (item,), callback=callback)
    pool.close()
    pool.join()
