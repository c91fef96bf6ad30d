"""A SyncManager started by hand, pool.starmap (it waits for every job), then shutdown."""

from __future__ import annotations

from multiprocessing import Pool
from multiprocessing.managers import SyncManager


def work(task, progress):
    progress.put(("start", task))
    progress.put(("done", task))
    return task * task


def run(tasks, workers=2, job=work):
    manager = SyncManager()
    manager.start()
    try:
        progress = manager.Queue()
        with Pool(processes=workers) as pool:
            pool.starmap(job, [(task, progress) for task in tasks])
        return [progress.get() for _ in range(progress.qsize())]
    finally:
        manager.shutdown()
