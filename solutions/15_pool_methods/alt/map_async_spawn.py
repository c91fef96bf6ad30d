"""A "spawn" context, map_async(...).get() for the list, and an error_callback next to the callback."""

from __future__ import annotations

import multiprocessing

ctx = multiprocessing.get_context("spawn")


def _finish(pool):
    pool.close()
    pool.join()


def map_in_pool(func, items, processes=2):
    pool = ctx.Pool(processes)
    try:
        return pool.map_async(func, items).get()
    finally:
        _finish(pool)


def in_order(func, items, processes=2):
    pool = ctx.Pool(processes)
    results = pool.imap(func, items)
    while True:
        try:
            result = results.next()
        except StopIteration:
            break
        yield result
    _finish(pool)


def as_completed(func, items, processes=2):
    pool = ctx.Pool(processes)
    try:
        yield from pool.imap_unordered(func, items)
    finally:
        _finish(pool)


def collect_async(func, items, callback, processes=2):
    errors = []
    pool = ctx.Pool(processes)
    for item in items:
        pool.apply_async(func, (item,), callback=callback, error_callback=errors.append)
    _finish(pool)
    if errors:
        raise errors[0]
