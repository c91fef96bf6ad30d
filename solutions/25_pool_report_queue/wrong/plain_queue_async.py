# expect: lost_item|error
"""A plain multiprocessing.Queue passed with apply_async: the tasks never reach the workers, silently."""

from __future__ import annotations

import multiprocessing


def work(task, progress):
    """Runs in a pool worker: report ("start", task), compute, report ("done", task); return task * task."""
    progress.put(("start", task))
    result = task * task
    progress.put(("done", task))
    return result


def run(tasks, workers=2, job=work):
    """Run job(task, progress) for every task in a Pool of `workers` processes; return every message they put."""
    progress = multiprocessing.Queue()
    pool = multiprocessing.Pool(workers)
    for task in tasks:
        pool.apply_async(job, (task, progress))  # the RuntimeError stays inside the AsyncResult
    pool.close()
    pool.join()
    messages = []
    while not progress.empty():
        messages.append(progress.get())
    return messages
