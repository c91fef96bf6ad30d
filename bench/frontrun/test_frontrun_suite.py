"""The same four contracts checked with frontrun's explore(), the off-the-shelf controlled scheduler.

Run under its own launcher (`frontrun pytest ...`); frontrun drives the threads its workers run directly,
so the checks call the learner's functions from workers, as frontrun's documentation shows.
"""

from __future__ import annotations

import importlib
import queue
import threading

import frontrun


def _explore(**kwargs):
    result = frontrun.explore(strategy="dpor", max_executions=200, deadlock_timeout=2.0, total_timeout=20.0, **kwargs)
    result.assert_holds()


def test_bank_01():
    bank = importlib.import_module("bank")
    _explore(
        setup=bank.Account,
        workers=[lambda a: bank.run_thread(a, 5, 2), lambda a: bank.run_thread(a, 8, 2)],
        invariant=lambda a: a.balance == 0,
    )


def test_deadlock_02():
    deadlock = importlib.import_module("deadlock")

    def adjacent(log):
        pairs = zip(log[::2], log[1::2], strict=False)
        return len(log) == 4 and all(a[:2] == b[:2] for a, b in pairs)

    _explore(setup=list, workers=[deadlock.func1, deadlock.func2], invariant=adjacent)


def test_pool_03():
    pool = importlib.import_module("pool")

    def setup():
        return {"lock": threading.Lock(), "now": 0, "peak": 0, "results": None}

    def handler_for(state):
        def handler(url):
            with state["lock"]:
                state["now"] += 1
                state["peak"] = max(state["peak"], state["now"])
            with state["lock"]:
                state["now"] -= 1
            return url

        return handler

    def work(state):
        state["results"] = pool.fetch_all(list(range(6)), handler_for(state), max_connections=2)

    # Only the safety half of the contract: "all slots used" (peak == 2) holds in some schedules, not in every
    # one, and frontrun's invariant is checked per schedule (requiring it failed every correct pool).
    _explore(
        setup=setup,
        workers=[work],
        invariant=lambda s: s["results"] == list(range(6)) and s["peak"] <= 2,
    )


def test_pipeline_04():
    pipeline = importlib.import_module("pipeline")

    def setup():
        return {"q": queue.Queue(), "out": [], "lock": threading.Lock()}

    def produce(s):
        pipeline.producer(s["q"], [0, 1, 2])
        s["q"].put(pipeline.SENTINEL)
        s["q"].put(pipeline.SENTINEL)

    def consume(s):
        pipeline.consumer(s["q"], s["out"], s["lock"])

    _explore(setup=setup, workers=[produce, consume, consume], invariant=lambda s: sorted(s["out"]) == [0, 1, 2])
