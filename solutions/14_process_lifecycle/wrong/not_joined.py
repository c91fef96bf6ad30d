# expect: wrong_result|leaked_process
"""The children are started but never joined: their exit codes are read while they still run."""

from __future__ import annotations

import multiprocessing


def run_jobs(funcs):
    processes = [multiprocessing.Process(target=func) for func in funcs]
    for p in processes:
        p.start()
    return [p.exitcode for p in processes]


def stop_forever(p):
    p.terminate()
    p.join()
    return p.exitcode


def start_daemon(func):
    p = multiprocessing.Process(target=func, daemon=True)
    p.start()
    return p
