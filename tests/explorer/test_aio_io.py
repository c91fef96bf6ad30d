"""asyncio with real loopback sockets and virtual timeouts: the seeded loop never spins on the selector.

A timeout (``wait_for``, ``asyncio.timeout``) around real-socket I/O must fire by jumping the virtual clock
once nothing real is ready, and a reply that does arrive must be read before the clock jumps. These once hung
until the wall limit: a schedule that ran the task awaiting ``sock_connect`` before the loop's own callback
that removes the connect writer left that writer registered on a writable socket, so every poll found an event
and the loop never counted as idle. The timeout marks turn such a hang into a failure.
"""

from __future__ import annotations

import pytest

from grader.explorer import ExplorationFailure
from grader.explorer import Explorer

from . import learners

#: Enough schedules to reach the random and PCT strategies, which produced the hang.
RUNS = 10


def fail_of(explorer: Explorer, scenario, module, **kw) -> dict:
    with pytest.raises(ExplorationFailure) as info:
        explorer(scenario, module=module, **kw)
    return info.value.grader_diagnosis


@pytest.mark.timeout(60)
def test_wait_for_around_a_socket_read_times_out_on_virtual_time(learner, explorer):
    """The handler sleeps 10 virtual seconds before each echo: both 1 s waits of the client time out."""
    name = learner("aecho_slow", learners.ASYNC_ECHO_WAIT_FOR)

    async def scenario(m):
        assert await m.run(10.0, 1.0) == (["timeout", "timeout"], 2.0)

    report = explorer(scenario, module=name, runs=RUNS)
    assert report.runs == RUNS


@pytest.mark.timeout(60)
def test_a_reply_before_the_timeout_is_read_before_the_clock_jumps(learner, explorer):
    """The handler answers after 0.1 virtual seconds, well inside the 1 s wait: no timeout, ever."""
    name = learner("aecho_fast", learners.ASYNC_ECHO_WAIT_FOR)

    async def scenario(m):
        out, elapsed = await m.run(0.1, 1.0)
        assert out == [b"HI\n", b"YO\n"]
        assert elapsed == pytest.approx(0.2)

    explorer(scenario, module=name, runs=RUNS)


@pytest.mark.timeout(60)
def test_a_reply_with_no_virtual_delay(learner, explorer):
    name = learner("aecho_now", learners.ASYNC_ECHO_WAIT_FOR)

    async def scenario(m):
        assert await m.run(0.0, 1.0) == ([b"HI\n", b"YO\n"], 0.0)

    explorer(scenario, module=name, runs=RUNS)


@pytest.mark.timeout(60)
def test_a_server_side_timeout_while_the_client_sleeps(learner, explorer):
    """The handler gives up on a quiet client after 1 virtual second; the client reads the goodbye at 5 s."""
    name = learner("aquiet", learners.ASYNC_QUIET_CLIENT)

    async def scenario(m):
        assert await m.run() == (b"idle\n", 5.0)

    explorer(scenario, module=name, runs=RUNS)


@pytest.mark.timeout(60)
def test_an_always_ready_writer_does_not_hold_virtual_time_still(learner, explorer):
    """A learner's writer callback on a writable socket is always ready and never wakes a task: after a bounded
    number of such polls the loop counts as idle and the 1 s sleep ends."""
    name = learner("awritable", learners.ASYNC_ALWAYS_WRITABLE)

    async def scenario(m):
        assert await m.run() == (True, 1001.0)

    explorer(scenario, module=name, runs=3)


@pytest.mark.timeout(60)
def test_a_handler_still_sleeping_after_the_timeouts_is_a_leaked_task(learner, explorer):
    name = learner("aecho_leak", learners.ASYNC_ECHO_WAIT_FOR)

    async def scenario(m):
        await m.run(10.0, 1.0, wait_for_handlers=False)

    d = fail_of(explorer, scenario, name)
    assert d["kind"] == "leaked_thread"
    assert "LEAKED TASK" in d["message"] and "(handle)" in d["message"]
    assert "await asyncio.sleep(pause)" in d["message"]


# -- determinism ---------------------------------------------------------------------------------------


def _diagnosis(name: str, scenario, **kw) -> dict:
    with pytest.raises(ExplorationFailure) as info:
        Explorer("t::aio-det", salt="s", **kw)(scenario, module=name)
    return info.value.grader_diagnosis


async def _run(m):
    await m.run()


async def _leaky_echo(m):
    await m.run(10.0, 1.0, wait_for_handlers=False)


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("source", "scenario", "kind"),
    [
        (learners.ASYNC_BANK.format(guard="if True:"), _run, "lost_update"),
        (learners.ASYNC_ACCOUNT, _run, "lost_update"),
        (learners.ASYNC_AB.format(first="a", second="b"), _run, None),
        (learners.ASYNC_PIPELINE.format(sentinels="consumers - 1"), _run, "deadlock"),
        (learners.ASYNC_LEAK, _run, "leaked_thread"),
        (learners.ASYNC_ECHO_WAIT_FOR, _leaky_echo, "leaked_thread"),
    ],
    ids=["bank", "account", "ab", "pipeline", "leak", "echo-leak"],
)
def test_async_rerun_and_replay_are_identical(learner, source, scenario, kind):
    name = learner("amod", source)
    first = _diagnosis(name, scenario)
    assert _diagnosis(name, scenario) == first
    if kind is not None:
        assert first["kind"] == kind
    assert _diagnosis(name, scenario, replay=first["replay"]) == first


@pytest.mark.timeout(120)
def test_a_passing_async_search_with_sockets_runs_the_same_schedules(learner):
    name = learner("aecho_ok", learners.ASYNC_ECHO_WAIT_FOR)

    async def scenario(m):
        assert (await m.run(0.1, 1.0))[0] == [b"HI\n", b"YO\n"]

    a, b = (Explorer("t::aio-det", salt="s")(scenario, module=name, runs=10) for _ in range(2))
    assert (a.runs, a.strategies, a.max_steps_seen) == (b.runs, b.strategies, b.max_steps_seen)
