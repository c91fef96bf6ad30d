"""multiprocessing in model mode: Process targets are controlled threads over the cooperative primitives."""

from __future__ import annotations

import pytest

from grader.explorer import ExplorationFailure
from grader.explorer import Explorer

from . import learners


def fail_of(explorer: Explorer, scenario, module, **kw) -> dict:
    with pytest.raises(ExplorationFailure) as info:
        explorer(scenario, module=module, **kw)
    return info.value.grader_diagnosis


def test_value_increment_without_the_lock_is_a_lost_update(learner, explorer):
    name = learner("mpc", learners.MP_COUNTER.format(body="counter.value += 1"))
    d = fail_of(explorer, lambda m: m.run(), name)
    assert d["kind"] == "lost_update"
    assert "LOST UPDATE on counter.value" in d["message"]
    assert "counter.value += 1" in d["message"]


def test_value_increment_under_get_lock_passes(learner, explorer):
    body = "with counter.get_lock():\n            counter.value += 1"
    name = learner("mpc", learners.MP_COUNTER.format(body=body))

    def scenario(m):
        assert m.run() == (4, [0, 0])

    explorer(scenario, module=name, runs=40)


def test_array_item_increment_without_the_lock_is_a_lost_update(learner, explorer):
    source = learners.MP_COUNTER.replace('Value("i", 0)', 'Array("i", 3)').replace("counter.value,", "counter[1],")
    name = learner("mpa", source.format(body="counter[1] += 1"))
    d = fail_of(explorer, lambda m: m.run(), name)
    assert d["kind"] == "lost_update"
    assert "counter[1]" in d["message"]


def test_process_queue_pipeline_with_a_sentinel_per_consumer_passes(learner, explorer):
    name = learner("mpp", learners.MP_PIPELINE.format(sentinels="consumers"))

    def scenario(m):
        assert m.run() == [2, 4, 6]

    explorer(scenario, module=name, runs=40)


def test_process_pipeline_with_too_few_sentinels_is_a_deadlock_in_get(learner, explorer):
    name = learner("mpp", learners.MP_PIPELINE.format(sentinels="consumers - 1"))
    d = fail_of(explorer, lambda m: m.run(), name)
    assert d["kind"] == "deadlock"
    assert "q.get() (the queue is empty), at line 11: item = q.get()" in d["message"]
    assert "Process-" in d["message"]


def test_exitcodes_names_pids_and_terminate(learner, explorer, capsys):
    name = learner("life", learners.MP_LIFECYCLE)

    def scenario(m):
        before, codes, names, alive, pid = m.run()
        assert before == [None] * 4
        assert codes == [0, 1, 3, -15]
        assert names == ["Process-1", "Process-2", "Process-3", "sleeper"]
        assert alive == [False] * 4
        assert pid == 10_001

    explorer(scenario, module=name, runs=5)
    assert "ValueError: boom" in capsys.readouterr().err


def test_pipe_eof_poll_and_copy_semantics(learner, explorer):
    name = learner("pipe", learners.MP_PIPE)

    def scenario(m):
        assert m.run() == ([[0], [1], [2]], (True, "x", False))

    explorer(scenario, module=name, runs=20)


def test_pool_and_manager(learner, explorer):
    name = learner("pm", learners.MP_POOL_MANAGER)

    def scenario(m):
        assert m.run() == ([1, 4, 9], {"k": 3}, True, "MainProcess")

    explorer(scenario, module=name, runs=10)


def test_unjoined_process_is_a_leaked_process(learner, explorer):
    name = learner("leak", learners.MP_LEAK)
    d = fail_of(explorer, lambda m: m.run(), name)
    assert d["kind"] == "leaked_process"
    assert "LEAKED PROCESS" in d["message"] and "Process-1" in d["message"]


def test_shared_mode_shares_module_globals(learner, explorer):
    name = learner("mpglob", learners.MP_GLOBALS)

    def scenario(m):
        results, total = m.run()
        assert sorted(results) == [1, 2] and total == 3

    explorer(scenario, module=name, runs=10)


def test_isolated_mode_copies_globals_but_shares_values(learner, explorer):
    name = learner("mpglob", learners.MP_GLOBALS)

    def scenario(m):
        assert m.run() == ([], 3)

    explorer(scenario, module=name, runs=10, processes="isolated")


def test_queue_items_are_copies_and_plain_queue_has_no_task_done(learner, explorer):
    name = learner("mpglob", learners.MP_GLOBALS)

    def scenario(m):
        mp = explorer.multiprocessing
        q, jq = mp.Queue(), mp.JoinableQueue()
        item = [1]
        q.put(item)
        item.append(2)
        assert q.get() == [1]
        assert not hasattr(q, "task_done")
        jq.put(1)
        jq.get()
        jq.task_done()
        jq.join()
        q.close()
        with pytest.raises(ValueError, match="closed"):
            q.put(1)

    explorer(scenario, module=name, runs=1)


def test_replay_of_a_process_deadlock_is_identical(learner):
    name = learner("mpp", learners.MP_PIPELINE.format(sentinels="consumers - 1"))

    def diag(**kw):
        with pytest.raises(ExplorationFailure) as info:
            Explorer("t::mp", salt="s", **kw)(lambda m: m.run(), module=name)
        return info.value.grader_diagnosis

    first = diag()
    assert diag(replay=first["replay"]) == first


def test_unknown_processes_mode_is_refused(explorer):
    with pytest.raises(ValueError, match="isolated"):
        explorer(lambda m: None, module="x", processes="forked")
