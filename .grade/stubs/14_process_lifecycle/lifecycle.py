"""Child processes from birth to death: start them, wait for them, read how they ended, stop them.

A child process runs a function in an interpreter of its own, with a pid of its
own. The parent learns how the child ended from its exit code, but only once it
has waited for it with join(): until then `p.exitcode` is None.
"""

from __future__ import annotations

import multiprocessing


def run_jobs(funcs):
    """Run each function of funcs in a child process of its own, all at the same time.

    Return the children's exit codes, in the order of funcs.
    """
    processes = [multiprocessing.Process(target=func) for func in funcs]
    for p in processes:
        p.start()
    # TODO: the children are still running here. Wait for every one of them
    # (after starting them all) before you read their exit codes.
    return [p.exitcode for p in processes]


def stop_forever(p):
    """p is a started child that never ends by itself: stop it, wait for it, return its exit code."""
    # TODO: ask the child to stop with p.terminate(), then wait for it to be
    # gone before you read its exit code (it should be -signal.SIGTERM).
    return p.exitcode


def start_daemon(func):
    """Start func in a daemon child process and return the Process, without waiting for it."""
    p = multiprocessing.Process(target=func)
    # TODO: a daemon child is stopped when the parent ends. Mark p as a daemon
    # (it can only be done before start()).
    p.start()
    return p
