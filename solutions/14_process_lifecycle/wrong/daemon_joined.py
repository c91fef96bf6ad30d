# expect: timeout
"""start_daemon joins its daemon child: a daemon that serves forever never lets it return."""

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
    p = multiprocessing.Process(target=func, daemon=True)
    p.start()
    p.join()
    return p
