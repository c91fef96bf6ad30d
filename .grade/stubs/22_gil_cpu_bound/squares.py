"""CPU-bound work on several cores: a process pool, because threads share one GIL.

In CPython only the thread that holds the Global Interpreter Lock runs Python
bytecode, so two threads doing pure arithmetic take turns on one core. Each
process has an interpreter, and a GIL, of its own: a pool of worker processes
really computes on several cores at once.
"""

from __future__ import annotations

import multiprocessing  # noqa: F401  (you will need it)


def sum_of_squares(chunk):
    """Return the sum of x * x for every x in chunk (runs in a worker process)."""
    return sum(x * x for x in chunk)


def serial_sum_of_squares(chunks):
    """The reference result: every chunk, one after the other, in this process."""
    return sum(sum_of_squares(chunk) for chunk in chunks)


def parallel_sum_of_squares(chunks, workers=2, func=sum_of_squares):
    """Return the sum of func(chunk) over all chunks, computed by a pool of `workers` processes."""
    # TODO: this computes every chunk here, in the parent, one after the other.
    # Hand func and the chunks to a multiprocessing.Pool(workers), add up what
    # comes back, and leave no worker process running.
    return sum(func(chunk) for chunk in chunks)
