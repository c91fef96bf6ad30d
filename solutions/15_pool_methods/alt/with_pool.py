"""`with Pool(...) as pool:` everywhere: __exit__ terminates the pool, so every result must be in by then."""

from __future__ import annotations

from multiprocessing import Pool


def map_in_pool(func, items, processes=2):
    with Pool(processes=processes) as pool:
        return pool.map(func, items)  # map has every result before the with block ends


def in_order(func, items, processes=2):
    with Pool(processes=processes) as pool:
        results = pool.imap(func, items)
        while True:
            try:
                result = next(results)  # blocks only until this one (and those before it) are ready
            except StopIteration:
                return
            yield result


def as_completed(func, items, processes=2):
    with Pool(processes=processes) as pool:
        yield from pool.imap_unordered(func, items, chunksize=1)


def collect_async(func, items, callback, processes=2):
    with Pool(processes=processes) as pool:
        pending = [pool.apply_async(func, (item,), callback=callback) for item in items]
        for task in pending:
            task.wait()  # the callback has run once wait() returns
        pool.close()
        pool.join()
