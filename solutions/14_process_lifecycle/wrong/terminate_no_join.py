# expect: wrong_result|leaked_process
"""terminate() without join(): the exit code is read before the child has died."""

from __future__ import annotations

import multiprocessing


def run_jobs(funcs):
    processes = [multiprocessing.Process(target=func) for func in funcs]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    return [p.exitcode for p in processes]


def stop_forever(p):
    p.terminate()
    return p.exitcode


def start_daemon(func):
    p = multiprocessing.Process(target=func, daemon=True)
    p.start()
    return p
