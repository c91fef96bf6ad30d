# expect: serialized
"""pool.map with chunksize=len(chunks) "to save overhead": every chunk goes to one worker as a single task."""

from __future__ import annotations

import multiprocessing


def sum_of_squares(chunk):
    return sum(x * x for x in chunk)


def serial_sum_of_squares(chunks):
    return sum(sum_of_squares(chunk) for chunk in chunks)


def parallel_sum_of_squares(chunks, workers=2, func=sum_of_squares):
    with multiprocessing.Pool(workers) as pool:
        return sum(pool.map(func, chunks, chunksize=max(1, len(chunks))))
