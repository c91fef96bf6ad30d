# expect: serialized
"""multiprocessing.dummy.Pool looks like a process pool but is made of threads."""

from __future__ import annotations

import multiprocessing.dummy


def sum_of_squares(chunk):
    return sum(x * x for x in chunk)


def serial_sum_of_squares(chunks):
    return sum(sum_of_squares(chunk) for chunk in chunks)


def parallel_sum_of_squares(chunks, workers=2, func=sum_of_squares):
    with multiprocessing.dummy.Pool(workers) as pool:
        return sum(pool.map(func, chunks))
