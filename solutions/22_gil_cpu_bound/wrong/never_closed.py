# expect: leaked_process
"""The pool is never closed nor joined: its worker processes keep running after the sum is returned."""

from __future__ import annotations

import multiprocessing


def sum_of_squares(chunk):
    return sum(x * x for x in chunk)


def serial_sum_of_squares(chunks):
    return sum(sum_of_squares(chunk) for chunk in chunks)


def parallel_sum_of_squares(chunks, workers=2, func=sum_of_squares):
    pool = multiprocessing.Pool(workers)
    return sum(pool.map(func, chunks))
