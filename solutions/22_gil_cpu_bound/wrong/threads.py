# expect: serialized
"""Threads for CPU-bound work: the right sum, but every thread runs in this process under its one GIL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor


def sum_of_squares(chunk):
    return sum(x * x for x in chunk)


def serial_sum_of_squares(chunks):
    return sum(sum_of_squares(chunk) for chunk in chunks)


def parallel_sum_of_squares(chunks, workers=2, func=sum_of_squares):
    with ThreadPoolExecutor(max_workers=workers) as executor:
        return sum(executor.map(func, chunks))
