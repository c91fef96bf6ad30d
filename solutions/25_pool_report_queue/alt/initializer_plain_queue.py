"""A plain multiprocessing.Queue does work, if the workers inherit it when they are created (Pool initializer)."""

from __future__ import annotations

import multiprocessing
import queue

_progress = None  # set in each worker by _init


def _init(q):
    global _progress
    _progress = q


def _call(job, task):
    return job(task, _progress)


def work(task, progress):
    progress.put(("start", task))
    result = task * task
    progress.put(("done", task))
    return result


def run(tasks, workers=2, job=work):
    progress = multiprocessing.Queue()
    pool = multiprocessing.Pool(workers, initializer=_init, initargs=(progress,))
    try:
        pool.starmap(_call, [(job, task) for task in tasks])
    finally:
        pool.close()
        pool.join()  # the workers have exited: their queue feeder threads have flushed every message
    messages = []
    while True:
        try:
            messages.append(progress.get(timeout=0.5))
        except queue.Empty:
            return messages
