"""Pool workers report their progress to the parent through a queue.

A multiprocessing.Queue can only reach a child by inheritance, when the child
is created; a pool's workers already exist when a task is sent to them, so a
plain Queue handed over as a task argument is refused ("Queue objects should
only be shared between processes through inheritance"). A queue made by a
Manager is a proxy: it can be pickled and sent along with every task.
"""

from __future__ import annotations

import multiprocessing


def work(task, progress):
    """Runs in a pool worker: report ("start", task), compute, report ("done", task); return task * task."""
    progress.put(("start", task))
    result = task * task
    progress.put(("done", task))
    return result


def run(tasks, workers=2, job=work):
    """Run job(task, progress) for every task in a Pool of `workers` processes.

    Return every message the jobs put on `progress`, once all of them have finished.
    """
    # TODO: a plain multiprocessing.Queue cannot travel with a task to a pool
    # worker. Use a queue that can: multiprocessing.Manager().Queue().
    progress = multiprocessing.Queue()
    pool = multiprocessing.Pool(workers)
    for task in tasks:
        pool.apply_async(job, (task, progress))
    # TODO: the jobs may still be running here. Close the pool and join it
    # before you drain the queue, or their last messages are not in it yet.
    messages = []
    while not progress.empty():
        messages.append(progress.get())
    pool.close()
    pool.join()
    return messages
