"""The manager as a context manager (start on entry, shutdown on exit); workers take tasks until a None sentinel."""

from __future__ import annotations

import multiprocessing
import queue
from multiprocessing.managers import BaseManager

_tasks = queue.Queue()
_results = queue.Queue()


def _task_queue():
    return _tasks


def _result_queue():
    return _results


class QueueManager(BaseManager):
    pass


class QueueClient(BaseManager):
    pass


QueueManager.register("get_task_queue", callable=_task_queue)
QueueManager.register("get_result_queue", callable=_result_queue)
QueueClient.register("get_task_queue")
QueueClient.register("get_result_queue")


def start_master(address, authkey):
    manager = QueueManager(address=address, authkey=authkey)
    manager.start()
    return manager


def worker(address, authkey, n):
    client = QueueClient(address=address, authkey=authkey)
    client.connect()
    tasks, results = client.get_task_queue(), client.get_result_queue()
    for _ in range(n):
        task = tasks.get()
        results.put((task, task * task))


def _worker_until_none(address, authkey):
    client = QueueClient(address=address, authkey=authkey)
    client.connect()
    tasks, results = client.get_task_queue(), client.get_result_queue()
    while (task := tasks.get()) is not None:
        results.put((task, task * task))


def run(tasks, authkey, n_workers=2):
    with QueueManager(address=("127.0.0.1", 0), authkey=authkey) as master:
        task_queue, result_queue = master.get_task_queue(), master.get_result_queue()
        for task in tasks:
            task_queue.put(task)
        for _ in range(n_workers):
            task_queue.put(None)  # one stop sign per worker
        workers = [
            multiprocessing.Process(target=_worker_until_none, args=(master.address, authkey)) for _ in range(n_workers)
        ]
        for p in workers:
            p.start()
        for p in workers:
            p.join()
        results = [tuple(result_queue.get()) for _ in tasks]
    return sorted(results)
