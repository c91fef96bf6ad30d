"""Count in several processes at once: one shared Value, one shared Array.

Processes do not share memory: a child works on its own copy of every global,
so a plain `total += 1` in a child never reaches the parent. A
multiprocessing.Value or Array lives in shared memory that every process sees.
Each read and each write of it is locked on its own, but `counter.value += 1`
is a read and then a write: another process can write in between, and its
update is lost. Hold the value's own lock, `counter.get_lock()`, around the
whole read-modify-write.
"""

from __future__ import annotations

import multiprocessing


def add_times(counter, times):
    """Runs in a child process: add 1 to the shared counter.value, `times` times."""
    for _ in range(times):
        # TODO: another process may write counter.value between this read and
        # this write. Hold counter.get_lock() around the read-modify-write.
        counter.value += 1


def count_in_processes(n_procs, times, worker=add_times):
    """Start n_procs child processes, each running worker(counter, times); return the final count."""
    counter = multiprocessing.Value("i", 0)
    processes = [multiprocessing.Process(target=worker, args=(counter, times)) for _ in range(n_procs)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    return counter.value


def count_votes(counts, votes):
    """Runs in a child process: add 1 to counts[v] for every vote v (counts is a shared Array)."""
    for v in votes:
        # TODO: the same read-modify-write race as in add_times: hold
        # counts.get_lock() around it.
        counts[v] += 1


def tally_in_processes(chunks, n_options, worker=count_votes):
    """Start one child process per chunk of votes, each running worker(counts, chunk); return the counts as a list."""
    # TODO: a plain list is copied into every child, so the parent never sees
    # their votes. Use a shared multiprocessing.Array("i", n_options) instead.
    counts = [0] * n_options
    processes = [multiprocessing.Process(target=worker, args=(counts, chunk)) for chunk in chunks]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    return list(counts)
