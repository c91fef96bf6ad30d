"""The "spawn" start method, and each child holds the lock for its whole loop."""

from __future__ import annotations

import multiprocessing

ctx = multiprocessing.get_context("spawn")


def add_times(counter, times):
    with counter:  # a synchronized Value is its own context manager: it takes get_lock()
        for _ in range(times):
            counter.value += 1


def count_in_processes(n_procs, times, worker=add_times):
    counter = ctx.Value("i", 0)
    processes = [ctx.Process(target=worker, args=(counter, times)) for _ in range(n_procs)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    return counter.value


def count_votes(counts, votes):
    lock = counts.get_lock()
    for v in votes:
        with lock:
            counts[v] = counts[v] + 1


def tally_in_processes(chunks, n_options, worker=count_votes):
    counts = ctx.Array("i", n_options)
    processes = [ctx.Process(target=worker, args=(counts, chunk)) for chunk in chunks]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    with counts.get_lock():
        return list(counts)
