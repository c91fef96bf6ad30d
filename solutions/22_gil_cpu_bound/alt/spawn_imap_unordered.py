"""A "spawn" pool, results taken as they finish, then close() and join() by hand."""

from __future__ import annotations

import multiprocessing


def sum_of_squares(chunk):
    total = 0
    for x in chunk:
        total += x * x
    return total


def serial_sum_of_squares(chunks):
    return sum(sum_of_squares(chunk) for chunk in chunks)


def parallel_sum_of_squares(chunks, workers=2, func=sum_of_squares):
    pool = multiprocessing.get_context("spawn").Pool(processes=workers)
    try:
        total = sum(pool.imap_unordered(func, chunks))  # the order does not matter for a sum
    finally:
        pool.close()
        pool.join()
    return total
