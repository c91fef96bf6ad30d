"""concurrent.futures.ProcessPoolExecutor: the same worker processes behind the futures API."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor


def sum_of_squares(chunk):
    return sum(x * x for x in chunk)


def serial_sum_of_squares(chunks):
    return sum(map(sum_of_squares, chunks))


def parallel_sum_of_squares(chunks, workers=2, func=sum_of_squares):
    with ProcessPoolExecutor(max_workers=workers) as executor:  # shutdown(wait=True) on exit
        futures = [executor.submit(func, chunk) for chunk in chunks]
        return sum(f.result() for f in futures)
