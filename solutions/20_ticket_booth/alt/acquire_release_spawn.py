"""The tutorial's lock.acquire() / try / finally: lock.release(), with a "spawn" context and a Value for the count."""

from __future__ import annotations

import json
import multiprocessing
import time

ctx = multiprocessing.get_context("spawn")


class Network:
    def delay(self, seconds):
        time.sleep(seconds)


def search(db):
    with open(db, encoding="utf-8") as f:
        return json.load(f)["count"]


def get(db, network):
    with open(db, encoding="utf-8") as f:
        dic = json.load(f)
    network.delay(0.1)
    if dic["count"] <= 0:
        return False
    dic["count"] -= 1
    network.delay(0.2)
    with open(db, "w", encoding="utf-8") as f:
        json.dump(dic, f)
    return True


def buyer(db, lock, network, sold):
    search(db)
    lock.acquire()
    try:
        got = get(db, network)
    finally:
        lock.release()
    if got:
        with sold.get_lock():  # += on a shared Value is a read-modify-write too
            sold.value += 1


def run(db, n_buyers, network=None):
    network = network or Network()
    lock = ctx.Lock()
    sold = ctx.Value("i", 0)
    buyers = [ctx.Process(target=buyer, args=(db, lock, network, sold)) for _ in range(n_buyers)]
    for p in buyers:
        p.start()
    for p in buyers:
        p.join()
    return sold.value
