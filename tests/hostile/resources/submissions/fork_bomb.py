# expect: resource_limit|memory_limit|leaked_process|timeout
# bound: 25
"""Forks (a bounded number of times) until refused; the children sleep."""
import os
import time


def work(n):
    for _ in range(400):
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
    return 2 * n
