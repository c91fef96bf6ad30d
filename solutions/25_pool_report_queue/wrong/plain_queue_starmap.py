# expect: error
"""A plain multiprocessing.Queue passed with starmap: RuntimeError, Queue objects should only be shared through inheritance."""

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
    progress = multiprocessing.Queue()  # cannot travel with a task to a pool worker
    with multiprocessing.Pool(workers) as pool:
        pool.starmap(job, [(task, progress) for task in tasks])
    messages = []
    while not progress.empty():
        messages.append(progress.get())
    return messages
