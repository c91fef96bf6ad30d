"""The same lifecycle with the "spawn" start method and os.kill: the children start from a fresh interpreter."""

from __future__ import annotations

import multiprocessing
import os
import signal

ctx = multiprocessing.get_context("spawn")


def run_jobs(funcs):
    processes = []
    for func in funcs:
        p = ctx.Process(target=func)
        p.start()
        processes.append(p)
    codes = []
    for p in processes:
        p.join()
        codes.append(p.exitcode)
    return codes


def stop_forever(p):
    os.kill(p.pid, signal.SIGTERM)  # what terminate() does on Linux
    while p.is_alive():
        p.join(0.05)
    return p.exitcode


def start_daemon(func):
    p = ctx.Process(target=func)
    p.daemon = True
    p.start()
    return p
