# expect: wrong_result
"""Module globals instead of a shared Value and Array: each child counts in its own copy, the parent sees 0."""

from __future__ import annotations

import multiprocessing

total = 0
tally = {}


def add_times(counter, times):
    global total
    for _ in range(times):
        total += 1


def count_in_processes(n_procs, times, worker=add_times):
    processes = [multiprocessing.Process(target=worker, args=(None, times)) for _ in range(n_procs)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    return total


def count_votes(counts, votes):
    for v in votes:
        counts[v] += 1


def tally_in_processes(chunks, n_options, worker=count_votes):
    counts = [0] * n_options
    processes = [multiprocessing.Process(target=worker, args=(counts, chunk)) for chunk in chunks]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    return counts
