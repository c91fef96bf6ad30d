"""The manager started and shut down by hand, the children under the "spawn" start method."""

from __future__ import annotations

import multiprocessing
import os

ctx = multiprocessing.get_context("spawn")


def record(d, lst, item):
    d[item] = os.getpid()
    lst.append(item)


def run(items, work=record):
    manager = ctx.Manager()
    try:
        d = manager.dict()
        lst = manager.list()
        children = []
        for item in items:
            p = ctx.Process(target=work, args=(d, lst, item))
            p.start()
            children.append(p)
        for p in children:
            p.join()
        return d.copy(), lst[:]  # DictProxy.copy() and a ListProxy slice come back as plain objects
    finally:
        manager.shutdown()
