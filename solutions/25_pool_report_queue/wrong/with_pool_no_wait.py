# expect: lost_item
"""apply_async inside `with Pool()`: leaving the block terminates the pool before the jobs have run."""

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
    with multiprocessing.Manager() as manager:  # a server process that holds the queue
        progress = manager.Queue()  # a proxy: it can be pickled and sent to a pool worker with each task
        with multiprocessing.Pool(workers) as pool:
            for task in tasks:
                pool.apply_async(job, (task, progress))
        messages = []
        while not progress.empty():  # every job has finished: nothing more will come
            messages.append(progress.get())
    return messages
