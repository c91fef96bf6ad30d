# expect: lost_update|wrong_result
"""Each child writes its own subtotal into the shared value: the last writer wins."""

from __future__ import annotations

import multiprocessing


def add_times(counter, times):
    """Runs in a child process: add 1 to the shared counter.value, `times` times."""
    with counter.get_lock():
        counter.value = times


def count_in_processes(n_procs, times, worker=add_times):
    """Start n_procs child processes, each running worker(counter, times); return the final count."""
    counter = multiprocessing.Value("i", 0)  # shared memory: every child sees the same int
    processes = [multiprocessing.Process(target=worker, args=(counter, times)) for _ in range(n_procs)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    return counter.value


def count_votes(counts, votes):
    """Runs in a child process: add 1 to counts[v] for every vote v (counts is a shared Array)."""
    for v in votes:
        with counts.get_lock():
            counts[v] += 1


def tally_in_processes(chunks, n_options, worker=count_votes):
    """Start one child process per chunk of votes, each running worker(counts, chunk); return the counts as a list."""
    counts = multiprocessing.Array("i", n_options)  # n_options zeros in shared memory
    processes = [multiprocessing.Process(target=worker, args=(counts, chunk)) for chunk in chunks]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    return list(counts)
