# expect: lost_item|wrong_result
"""A plain dict and list: each child fills its own copy, the parent sees nothing."""

from __future__ import annotations

import multiprocessing
import os


def record(d, lst, item):
    """Runs in a child: note which process handled item (d[item] = os.getpid()) and list the item."""
    d[item] = os.getpid()
    lst.append(item)


def run(items, work=record):
    """One child process per item, each running work(d, lst, item) on one shared dict and one shared list."""
    if True:
        d = {}
        lst = []
        children = [multiprocessing.Process(target=work, args=(d, lst, item)) for item in items]
        for p in children:
            p.start()
        for p in children:
            p.join()
        return d, lst
