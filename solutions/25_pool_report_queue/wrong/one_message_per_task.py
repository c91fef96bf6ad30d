# expect: lost_item
"""Drains exactly one message per task, as if each job reported once: the rest are left in the queue."""

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
            pending = [pool.apply_async(job, (task, progress)) for task in tasks]
            for result in pending:
                result.get()  # waits for the job, and re-raises here whatever went wrong in it
            pool.close()
            pool.join()
        messages = [progress.get() for _ in tasks]
    return messages
