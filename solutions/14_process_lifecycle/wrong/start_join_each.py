# expect: serialized
"""start(); join() in one loop: every child ends before the next one starts."""

from __future__ import annotations

import multiprocessing


def run_jobs(funcs):
    codes = []
    for func in funcs:
        p = multiprocessing.Process(target=func)
        p.start()
        p.join()
        codes.append(p.exitcode)
    return codes


def stop_forever(p):
    p.terminate()
    p.join()
    return p.exitcode


def start_daemon(func):
    p = multiprocessing.Process(target=func, daemon=True)
    p.start()
    return p
