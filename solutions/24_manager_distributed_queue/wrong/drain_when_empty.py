# expect: lost_item
"""The results are collected with empty() right after the workers start: the ones not yet back are lost."""

from __future__ import annotations

import multiprocessing
import queue
from multiprocessing.managers import BaseManager

task_queue = queue.Queue()  # live in the manager's server process
result_queue = queue.Queue()


def get_task_queue():
    return task_queue


def get_result_queue():
    return result_queue


class MasterManager(BaseManager):
    pass


MasterManager.register("get_task_queue", callable=get_task_queue)
MasterManager.register("get_result_queue", callable=get_result_queue)


class WorkerManager(BaseManager):
    pass


WorkerManager.register("get_task_queue")
WorkerManager.register("get_result_queue")


def start_master(address, authkey):
    """Start and return a manager serving get_task_queue and get_result_queue at address, guarded by authkey."""
    manager = MasterManager(address=address, authkey=authkey)  # only clients with this key may connect
    manager.start()
    return manager


def worker(address, authkey, n):
    """Connect to the master at address with authkey, take n tasks, put (task, task * task) for each."""
    manager = WorkerManager(address=address, authkey=authkey)
    manager.connect()
    tasks = manager.get_task_queue()
    results = manager.get_result_queue()
    for _ in range(n):
        task = tasks.get(timeout=5)
        results.put((task, task * task))


def run(tasks, authkey, n_workers=2):
    """Square every task through a master on 127.0.0.1 (a free port) and n_workers worker processes.

    Return the sorted list of (task, task * task); leave no process running.
    """
    master = start_master(("127.0.0.1", 0), authkey)
    task_proxy = master.get_task_queue()
    result_proxy = master.get_result_queue()
    for task in tasks:
        task_proxy.put(task)
    # Share the tasks out so that none is left over: the first len(tasks) % n_workers workers take one more.
    shares = [len(tasks) // n_workers + (i < len(tasks) % n_workers) for i in range(n_workers)]
    workers = [multiprocessing.Process(target=worker, args=(master.address, authkey, n)) for n in shares]
    try:
        for p in workers:
            p.start()
        # As many results as tasks: get() waits for each, while empty() would only say "not yet".
        results = []
        while not result_proxy.empty():
            results.append(tuple(result_proxy.get()))
        for p in workers:
            p.join()
    finally:
        master.shutdown()  # stops the manager's server process
    return sorted(results)
