"""The tutorial's style: explicit acquire()/release() on an RLock, released in finally blocks."""

from __future__ import annotations

import threading


class Counters:
    def __init__(self):
        self.num1, self.num2 = 0, 0
        self.rlock = threading.RLock()

    def run1(self):
        self.rlock.acquire()
        try:
            self.num1 = self.num1 + 1
            res = self.num1
        finally:
            self.rlock.release()
        return res

    def run2(self):
        self.rlock.acquire()
        try:
            self.num2 = self.num2 + 1
            res = self.num2
        finally:
            self.rlock.release()
        return res

    def run3(self):
        self.rlock.acquire()
        try:
            res1 = self.run1()
            res2 = self.run2()
        finally:
            self.rlock.release()
        return (res1, res2)


def run(threads=10):
    counters = Counters()
    workers = []
    for i in range(threads):
        t = threading.Thread(target=counters.run3, name=f"run3-{i}")
        t.start()
        workers.append(t)
    for t in workers:
        t.join()
    return (counters.num1, counters.num2)
