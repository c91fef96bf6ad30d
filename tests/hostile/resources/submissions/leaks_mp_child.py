# expect: leaked_process
"""Right answers, but leaves a non-daemon multiprocessing child running."""
import multiprocessing
import time

_started = []


def work(n):
    if not _started:
        process = multiprocessing.get_context("fork").Process(target=time.sleep, args=(1000,))
        process.start()
        _started.append(process)
    return 2 * n
