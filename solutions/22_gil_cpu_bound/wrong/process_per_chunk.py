# expect: over_limit
"""A Process per chunk, all at once: it ignores `workers` and starts as many processes as chunks."""

from __future__ import annotations

import multiprocessing


def sum_of_squares(chunk):
    return sum(x * x for x in chunk)


def serial_sum_of_squares(chunks):
    return sum(sum_of_squares(chunk) for chunk in chunks)


def parallel_sum_of_squares(chunks, workers=2, func=sum_of_squares):
    results = multiprocessing.Queue()
    processes = [multiprocessing.Process(target=_run, args=(func, chunk, results)) for chunk in chunks]
    for p in processes:
        p.start()
    total = sum(results.get() for _ in processes)
    for p in processes:
        p.join()
    return total


def _run(func, chunk, results):
    results.put(func(chunk))
