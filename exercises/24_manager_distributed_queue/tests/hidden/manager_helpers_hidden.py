"""The tests' own master and client managers, independent of the learner's classes.

The queues are created in the test master's server process (the callables run there), and
the callables are top-level functions, so the test master starts with any start method.
"""

from __future__ import annotations

import queue
from multiprocessing.managers import BaseManager

_tasks = None
_results = None


def get_task_queue():
    global _tasks
    if _tasks is None:
        _tasks = queue.Queue()
    return _tasks


def get_result_queue():
    global _results
    if _results is None:
        _results = queue.Queue()
    return _results


class TestMaster(BaseManager):
    pass


TestMaster.register("get_task_queue", callable=get_task_queue)
TestMaster.register("get_result_queue", callable=get_result_queue)


class TestClient(BaseManager):
    pass


TestClient.register("get_task_queue")
TestClient.register("get_result_queue")


def drain(q):
    items = []
    while True:
        try:
            items.append(q.get(timeout=0.2))
        except queue.Empty:
            return items
