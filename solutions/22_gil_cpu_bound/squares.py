"""CPU-bound work on several cores: a process pool, because threads share one GIL."""

from __future__ import annotations

import multiprocessing


def sum_of_squares(chunk):
    """Return the sum of x * x for every x in chunk (runs in a worker process)."""
    return sum(x * x for x in chunk)


def serial_sum_of_squares(chunks):
    """The reference result: every chunk, one after the other, in this process."""
    return sum(sum_of_squares(chunk) for chunk in chunks)


def parallel_sum_of_squares(chunks, workers=2, func=sum_of_squares):
    """Return the sum of func(chunk) over all chunks, computed by a pool of `workers` processes."""
    # func must be a top-level function (or a partial of one): the pool pickles it by name.
    with multiprocessing.Pool(workers) as pool:  # leaving the block stops the workers
        return sum(pool.map(func, chunks))  # map hands out the chunks to all workers and waits for every result
