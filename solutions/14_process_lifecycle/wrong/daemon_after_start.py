# expect: error|wrong_result
"""p.daemon = True after p.start(): too late, multiprocessing refuses it."""

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
    p.join()
    return p.exitcode


def start_daemon(func):
    p = multiprocessing.Process(target=func)
    p.start()
    p.daemon = True
    return p
