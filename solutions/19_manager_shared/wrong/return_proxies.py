# expect: wrong_result|error
"""The proxies themselves are returned: they stop working as soon as the with block shuts the manager down."""

from __future__ import annotations

import multiprocessing
import os


def record(d, lst, item):
    """Runs in a child: note which process handled item (d[item] = os.getpid()) and list the item."""
    d[item] = os.getpid()
    lst.append(item)


def run(items, work=record):
    """One child process per item, each running work(d, lst, item) on one shared dict and one shared list."""
    with multiprocessing.Manager() as manager:  # a server process that owns the real dict and list
        d = manager.dict()
        lst = manager.list()
        children = [multiprocessing.Process(target=work, args=(d, lst, item)) for item in items]
        for p in children:
            p.start()
        for p in children:
            p.join()
        return d, lst
