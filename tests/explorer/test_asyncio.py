"""asyncio on the seeded loop: shuffled ready queue, virtual time, the same oracles and replay."""

from __future__ import annotations

import pytest

from grader.explorer import ExplorationFailure
from grader.explorer import Explorer

from . import learners


def fail_of(explorer: Explorer, scenario, module, **kw) -> dict:
    with pytest.raises(ExplorationFailure) as info:
        explorer(scenario, module=module, **kw)
    return info.value.grader_diagnosis


async def run_it(m):
    await m.run()


def test_read_await_write_is_a_lost_update(learner, explorer):
    name = learner("abank", learners.ASYNC_BANK.format(guard="if True:"))
    d = fail_of(explorer, run_it, name)
    assert d["kind"] == "lost_update"
    assert "LOST UPDATE on balance" in d["message"]
    assert "Task-2 (deposit)" in d["message"] and "Task-3 (deposit)" in d["message"]
    assert "balance = current + n" in d["message"]


def test_attribute_read_await_write_is_a_lost_update(learner, explorer):
    name = learner("aacct", learners.ASYNC_ACCOUNT)
    d = fail_of(explorer, run_it, name)
    assert d["kind"] == "lost_update"
    assert "Account.balance" in d["message"]


def test_lock_around_the_await_passes(learner, explorer):
    name = learner("abank", learners.ASYNC_BANK.format(guard="async with lock:"))

    async def scenario(m):
        assert await m.run() == 13

    report = explorer(scenario, module=name)
    assert report.runs >= 2


def test_lock_cycle_is_a_deadlock_naming_tasks_and_locks(learner, explorer):
    name = learner("aab", learners.ASYNC_AB.format(first="a", second="b"))
    d = fail_of(explorer, run_it, name, lock_order=False)
    assert d["kind"] == "deadlock"
    msg = d["message"]
    assert "DEADLOCK: every live task is waiting for a lock held by another one." in msg
    assert "holds a and waits for b (held by Task-3 (two))" in msg
    assert "holds b and waits for a (held by Task-2 (one))" in msg
    assert "asyncio" in d["hint"]


def test_same_order_passes_and_inverted_order_is_flagged(learner, explorer):
    ok = learner("asame", learners.ASYNC_AB.format(first="b", second="a"))
    explorer(run_it, module=ok)
    bad = learner("aab", learners.ASYNC_AB.format(first="a", second="b"))
    assert fail_of(explorer, run_it, bad)["kind"] in ("deadlock", "lock_order")


def test_queue_pipeline_sentinels(learner, explorer):
    good = learner("apipe", learners.ASYNC_PIPELINE.format(sentinels="consumers"))

    async def scenario(m):
        assert await m.run() == [2, 4, 6]

    explorer(scenario, module=good)
    bad = learner("apipe2", learners.ASYNC_PIPELINE.format(sentinels="consumers - 1"))
    d = fail_of(explorer, run_it, bad)
    assert d["kind"] == "deadlock"
    assert "waits in q.get() (the queue is empty), at line 5: item = await q.get()" in d["message"]


def test_pending_task_at_the_end_is_a_leaked_task(learner, explorer):
    name = learner("aleak", learners.ASYNC_LEAK)
    d = fail_of(explorer, run_it, name)
    assert d["kind"] == "leaked_thread"
    assert "LEAKED TASK" in d["message"] and "Task-2 (worker)" in d["message"]
    assert "waits in q.get()" in d["message"]
    explorer(run_it, module=name, leaks=False)


def test_wait_for_and_timeout_use_virtual_time(learner, explorer):
    name = learner("atime", learners.ASYNC_TIMEOUTS)

    async def scenario(m):
        assert await m.run() == ("timeout+timeout", 3.0, 0.0)

    explorer(scenario, module=name, runs=10)


def test_learner_asyncio_run_uses_the_seeded_loop(learner, explorer):
    name = learner("aentry", learners.ASYNC_SYNC_ENTRY)

    def scenario(m):
        assert m.run() == 1003.0

    explorer(scenario, module=name, runs=3)


def test_unretrieved_task_exception_is_an_error(learner, explorer):
    name = learner(
        "acrash",
        "import asyncio\nasync def boom():\n    1 / 0\nasync def run():\n"
        "    asyncio.create_task(boom())\n    await asyncio.sleep(0.1)\n",
    )
    d = fail_of(explorer, run_it, name)
    assert d["kind"] == "error"
    assert "Task-2 (boom) died with ZeroDivisionError" in d["message"]


def test_real_loopback_sockets_still_work(learner, explorer):
    name = learner("aecho", learners.ASYNC_ECHO)

    async def scenario(m):
        assert await m.run() == [b"HI\n", b"YO\n"]

    explorer(scenario, module=name, runs=8)


def test_async_failures_replay_identically(learner):
    name = learner("abank", learners.ASYNC_BANK.format(guard="if True:"))

    def diag(**kw):
        with pytest.raises(ExplorationFailure) as info:
            Explorer("t::aio", salt="s", **kw)(run_it, module=name)
        return info.value.grader_diagnosis

    first = diag()
    assert diag() == first
    assert diag(replay=first["replay"]) == first
