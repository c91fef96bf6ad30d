# expect: over_limit|lost_update
"""The tutorial's first version: no lock, every buyer reads the same count."""

from __future__ import annotations

import json
import multiprocessing
import time


class Network:
    """The tutorial's simulated network: every call to delay() just takes that long."""

    def delay(self, seconds):
        time.sleep(seconds)


def search(db):
    """Return how many tickets are left."""
    with open(db, encoding="utf-8") as f:
        return json.load(f)["count"]


def get(db, network):
    """Try to buy one ticket; return True if one was bought."""
    with open(db, encoding="utf-8") as f:
        dic = json.load(f)
    network.delay(0.1)  # 模拟读数据的网络延迟
    if dic["count"] > 0:
        dic["count"] -= 1
        network.delay(0.2)  # 模拟写数据的网络延迟
        with open(db, "w", encoding="utf-8") as f:
            json.dump(dic, f)
        return True
    return False


def buyer(db, lock, network, bought):
    """One buyer process: look, then try to buy; put True or False on the queue bought."""
    search(db)
    bought.put(get(db, network))


def run(db, n_buyers, network=None):
    """Start n_buyers buyer processes at once on the file db, wait for all; return how many tickets were bought."""
    network = Network() if network is None else network
    lock = multiprocessing.Lock()
    bought = multiprocessing.Queue()
    buyers = [multiprocessing.Process(target=buyer, args=(db, lock, network, bought)) for _ in range(n_buyers)]
    for p in buyers:
        p.start()
    results = [bought.get() for _ in buyers]
    for p in buyers:
        p.join()
    return sum(1 for r in results if r)
