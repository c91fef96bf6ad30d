"""Child processes that write into a dict and a list the parent can read afterwards.

A child process works on a copy of the parent's memory: what it puts in an
ordinary dict or list stays in that copy and vanishes with the child. A
multiprocessing.Manager() runs a small server process that owns the real
objects; manager.dict() and manager.list() hand out proxies that forward every
operation to it, from any process.
"""

from __future__ import annotations

import multiprocessing
import os


def record(d, lst, item):
    """Runs in a child: note which process handled item (d[item] = os.getpid()) and list the item."""
    d[item] = os.getpid()
    lst.append(item)


def run(items, work=record):
    """One child process per item, each running work(d, lst, item) on one shared dict and one shared list.

    Start them all, wait for all, and return (a plain dict, a plain list) with what the children recorded.
    """
    # TODO: a plain dict and list are copied into every child: the parent never
    # sees what the children write. Use the dict and list of a multiprocessing.Manager,
    # and return plain copies of them before the manager shuts down.
    d = {}
    lst = []
    children = [multiprocessing.Process(target=work, args=(d, lst, item)) for item in items]
    for p in children:
        p.start()
    for p in children:
        p.join()
    return d, lst
