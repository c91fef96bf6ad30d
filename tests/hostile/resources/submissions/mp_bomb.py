# expect: resource_limit|memory_limit|leaked_process|timeout
# bound: 30
"""Starts (a bounded number of) multiprocessing children that sleep."""
import multiprocessing
import time


def work(n):
    context = multiprocessing.get_context("fork")
    for _ in range(150):
        context.Process(target=time.sleep, args=(60,)).start()
    return 2 * n
