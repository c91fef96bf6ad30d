"""One process pool, four ways to hand it work.

A multiprocessing.Pool keeps a fixed number of worker processes and feeds them
tasks. How you hand it the tasks decides how the results come back:

* pool.map(func, items): a list, in input order, once every result is in;
* pool.imap(func, items): an iterator, in input order, each result as soon as it
  and the ones before it are ready;
* pool.imap_unordered(func, items): an iterator, each result as soon as it is
  ready, in whatever order they finish;
* pool.apply_async(func, (item,), callback=cb): one task; cb(result) runs in the
  parent when it is done.

close() says no more tasks will come; join() then waits for the workers to
finish. join() without close() first raises ValueError.
"""

from __future__ import annotations

import multiprocessing  # noqa: F401  (you will need it)


def map_in_pool(func, items, processes=2):
    """Return [func(item) for item in items], computed by a Pool of `processes` workers, in input order."""
    # TODO: this runs every func(item) here, in the parent, one after the other.
    # Let a multiprocessing.Pool(processes) do it, and leave no worker running.
    return list(map(func, items))


def in_order(func, items, processes=2):
    """Yield func(item) for each item in input order, each as soon as it is ready."""
    # TODO: use a Pool method that yields results in input order one by one,
    # without waiting for all of them.
    yield from map(func, items)


def as_completed(func, items, processes=2):
    """Yield func(item) for each item as soon as it is ready, in the order they finish."""
    # TODO: use the Pool method that yields each result the moment it is ready.
    yield from map(func, items)


def collect_async(func, items, callback, processes=2):
    """Submit func(item) for every item with apply_async; callback(result) gets each result in the parent.

    Return only once every callback has run and the pool is closed and joined.
    """
    # TODO: submit every item with pool.apply_async(func, (item,), callback=callback),
    # then close() the pool and join() it.
    for item in items:
        callback(func(item))
