"""Child processes from birth to death: start them, wait for them, read how they ended, stop them."""

from __future__ import annotations

import multiprocessing


def run_jobs(funcs):
    """Run each function of funcs in a child process of its own, all at the same time; return the exit codes."""
    processes = [multiprocessing.Process(target=func) for func in funcs]
    for p in processes:
        p.start()  # all of them first ...
    for p in processes:
        p.join()  # ... then wait for each: exitcode is None until the child has been joined
    return [p.exitcode for p in processes]


def stop_forever(p):
    """p is a started child that never ends by itself: stop it, wait for it, return its exit code."""
    p.terminate()  # sends SIGTERM; the child may still be running when this returns
    p.join()
    return p.exitcode  # -signal.SIGTERM


def start_daemon(func):
    """Start func in a daemon child process and return the Process, without waiting for it."""
    p = multiprocessing.Process(target=func, daemon=True)  # daemon must be set before start()
    p.start()
    return p
