"""Each oracle catches its bug on every run, and correct solutions pass."""

from __future__ import annotations

import re

import pytest

from grader.explorer import ExplorationFailure
from grader.explorer import Explorer
from grader.explorer import Violation

from . import learners


def fail_of(explorer: Explorer, scenario, module, **kw) -> dict:
    with pytest.raises(ExplorationFailure) as info:
        explorer(scenario, module=module, **kw)
    diagnosis = info.value.grader_diagnosis
    assert str(info.value) == diagnosis["message"]
    return diagnosis


@pytest.mark.parametrize("seed", range(5))
def test_racy_bank_is_a_lost_update_on_every_seed(learner, seed):
    name = learner("bank", learners.RACY_BANK)

    def scenario(bank):
        assert bank.run(amounts=(5, 8), times=3) == 0

    d = fail_of(Explorer("bank", seed=seed), scenario, name)
    assert d["kind"] == "lost_update"
    assert "LOST UPDATE on balance" in d["message"]
    assert "computed from the stale value" in d["message"]
    assert any(step["event"] == "write" for step in d["trace"])
    assert set(d["replay"]) == {"seed", "strategy", "decisions", "schedule"}
    assert d["replay"]["schedule"] >= 1


def test_lost_update_caught_even_when_scenario_checks_nothing(learner, explorer):
    name = learner("bank", learners.RACY_BANK)
    d = fail_of(explorer, lambda bank: bank.run(), name)
    assert d["kind"] == "lost_update"


def test_racy_attribute_is_a_lost_update(learner, explorer):
    name = learner("acct", learners.ACCOUNT_RACY)
    d = fail_of(explorer, lambda m: m.run(), name)
    assert d["kind"] == "lost_update"
    assert "Account.balance" in d["message"]
    assert "self.balance = self.balance + n" in d["message"]


def test_locked_bank_passes_hundreds_of_schedules(learner, explorer):
    name = learner("bank", learners.LOCKED_BANK)

    def scenario(bank):
        assert bank.run(amounts=(5, 8), times=3) == 0

    report = explorer(scenario, module=name, runs=300)
    assert report.runs >= 61
    assert report.strategies["roundrobin"] == 1
    assert report.strategies["random"] >= 30


def test_locked_attribute_passes(learner, explorer):
    name = learner("acct", learners.ACCOUNT_LOCKED)

    def scenario(m):
        assert m.run() == 13

    explorer(scenario, module=name)


def test_ab_deadlock_names_the_cycle(learner, explorer):
    name = learner("ab", learners.AB_DEADLOCK)
    d = fail_of(explorer, lambda m: m.run(), name, lock_order=False)
    assert d["kind"] == "deadlock"
    msg = d["message"]
    assert "DEADLOCK: every live thread is waiting for a lock held by another one." in msg
    assert "holds mutex_a and waits for mutex_b (held by Thread-2 (two))" in msg
    assert "holds mutex_b and waits for mutex_a (held by Thread-1 (one))" in msg
    assert "with mutex_b:" in msg and "with mutex_a:" in msg
    assert {w["waits_for"] for w in d["waits_for"] if w["thread"] != "MainThread"} == {"mutex_a", "mutex_b"}
    # The numbered steps that led there, each thread's acquire included, as for a lost update.
    steps = msg.split("Last events:\n", 1)[1]
    assert re.search(r"^\s*1\. ", steps, re.M)
    assert re.search(r"Thread-1 \(one\) acquires mutex_a", steps) and re.search(
        r"Thread-2 \(two\) acquires mutex_b", steps
    )
    assert re.search(r"waits for mutex_[ab]", steps)


def test_ab_inversion_is_found_by_lock_order_or_deadlock(learner, explorer):
    name = learner("ab", learners.AB_DEADLOCK)
    d = fail_of(explorer, lambda m: m.run(), name)
    assert d["kind"] in ("lock_order", "deadlock")


def test_inconsistent_order_without_deadlock_is_lock_order(learner, explorer):
    name = learner("order", learners.ORDER_ONLY)
    d = fail_of(explorer, lambda m: m.run(), name)
    assert d["kind"] == "lock_order"
    assert "holds mutex_a and then takes mutex_b" in d["message"]
    assert "holds mutex_b and then takes mutex_a" in d["message"]


def test_same_order_passes_and_is_verified_exhaustively(learner, explorer):
    name = learner("same", learners.SAME_ORDER)

    def scenario(m):
        assert m.run() == [1, 2]

    # The default budget completes this search on 3.11; sys.monitoring (3.12+) takes more steps per schedule.
    report = explorer(scenario, module=name, step_budget=100_000)
    assert report.exhaustive


def test_lock_reacquired_by_owner_says_use_rlock(learner, explorer):
    name = learner("reentry", learners.REENTRANT.format(kind="Lock"))
    d = fail_of(explorer, lambda m: m.run(), name)
    assert d["kind"] == "deadlock"
    assert "already holds lock and tries to acquire it again" in d["message"]
    assert "RLock" in d["message"]
    assert "RLock" in d["hint"] and "order" not in d["hint"]  # no lock order helps a thread blocked on itself


def test_rlock_fix_passes(learner, explorer):
    name = learner("reentry", learners.REENTRANT.format(kind="RLock"))

    def scenario(m):
        assert m.run() == 6

    explorer(scenario, module=name)


def _limit_scenario(limit: int):
    def scenario(m):
        inside = [0]

        def handler(i):
            inside[0] += 1
            if inside[0] > 2:
                raise Violation("over_limit", f"{inside[0]} handlers ran at once; at most 2 may")
            Explorer.sleep(0.1)
            inside[0] -= 1

        m.run(handler)

    return scenario


def test_semaphore_over_limit_is_reported_through_violation(learner, explorer):
    name = learner("lim", learners.LIMITED.format(limit=3))
    d = fail_of(explorer, _limit_scenario(2), name)
    assert d["kind"] == "over_limit"
    assert "3 handlers ran at once" in d["message"]


def test_semaphore_with_right_limit_passes(learner, explorer):
    name = learner("lim", learners.LIMITED.format(limit=2))
    explorer(_limit_scenario(2), module=name)


def test_pipeline_with_a_sentinel_per_consumer_passes(learner, explorer):
    name = learner("pipe", learners.PIPELINE.format(sentinels="consumers"))

    def scenario(m):
        assert m.run() == [2, 4, 6]

    explorer(scenario, module=name)


def test_pipeline_with_too_few_sentinels_names_the_blocked_get(learner, explorer):
    name = learner("pipe", learners.PIPELINE.format(sentinels="consumers - 1"))
    d = fail_of(explorer, lambda m: m.run(), name)
    assert d["kind"] == "deadlock"
    assert "waits in q.get() (the queue is empty), at line 12: item = q.get()" in d["message"]
    assert "sentinel" in d["message"]


def test_thread_pool_executor_solution_passes(learner, explorer):
    name = learner("exe", learners.EXECUTOR)

    def scenario(m):
        assert m.run() == ([1, 4, 9], [1, 4, 9], 6)

    explorer(scenario, module=name)


def test_multiprocessing_dummy_pool_solution_passes(learner, explorer):
    name = learner("pool", learners.POOL)

    def scenario(m):
        assert m.run() == ([1, 4, 9], [1, 4, 9], 16, [16], [1, 4, 9])

    explorer(scenario, module=name)


def test_condition_variable_solution_passes(learner, explorer):
    name = learner("cond", learners.CONDITION)

    def scenario(m):
        assert m.run() == [7]

    explorer(scenario, module=name)


def test_leaked_thread_is_reported_with_where_it_waits(learner, explorer):
    name = learner("leak", learners.LEAKY)
    d = fail_of(explorer, lambda m: m.run(), name)
    assert d["kind"] == "leaked_thread"
    assert "Thread-1 (worker)" in d["message"]
    assert "q.get()" in d["message"] or "has not run yet" in d["message"]


def test_leak_check_can_be_turned_off(learner, explorer):
    name = learner("leak", learners.LEAKY)
    explorer(lambda m: m.run(), module=name, leaks=False)


def test_busy_wait_is_a_timeout_naming_livelock(learner, explorer):
    name = learner("spin", learners.SPIN)
    d = fail_of(explorer, lambda m: m.run(), name, max_steps=2000)
    assert d["kind"] == "timeout"
    assert "busy-wait" in d["message"]
    assert "while not ready:" in d["message"]


def test_virtual_time_timeouts_and_sleep(learner, explorer):
    name = learner("sleepy", learners.SLEEPY)

    def scenario(m):
        ok, waited = m.run()
        assert ok is True
        assert waited == 1.0

    explorer(scenario, module=name)


def test_wrong_result_carries_the_assertion_and_a_schedule(learner, explorer):
    name = learner("bank", learners.LOCKED_BANK)

    def scenario(bank):
        assert bank.run() == 1, "balance should be 1"

    d = fail_of(explorer, scenario, name)
    assert d["kind"] == "wrong_result"
    assert "balance should be 1" in d["message"]
    assert "Schedule:" in d["message"]


def test_exception_in_a_learner_thread_is_an_error_with_its_line(learner, explorer):
    name = learner("crash", learners.CRASHY)
    d = fail_of(explorer, lambda m: m.run(), name)
    assert d["kind"] == "error"
    assert "Thread-1 (worker) died with ZeroDivisionError" in d["message"]
    assert "line 6: total += 10 // x" in d["message"]


def test_exception_handled_by_an_excepthook_is_not_an_error(learner, explorer):
    name = learner("crash", learners.CRASHY)

    def scenario(m):
        seen = []
        explorer.threading.excepthook = lambda args: seen.append(args.exc_type)
        m.run()
        assert seen == [ZeroDivisionError]

    explorer(scenario, module=name)


def test_syntax_error_is_import_error(learner, explorer):
    name = learner("broken", "def f(:\n    pass\n")
    d = fail_of(explorer, lambda m: None, name)
    assert d["kind"] == "import_error"
    assert "SyntaxError" in d["message"]


def test_import_time_exception_is_import_error(learner, explorer):
    name = learner("boom", "import threading\nraise ImportError('no such thing')\n")
    d = fail_of(explorer, lambda m: None, name)
    assert d["kind"] == "import_error"
    assert "no such thing" in d["message"]


def test_missing_module_is_import_error(explorer):
    d = fail_of(explorer, lambda m: None, "no_such_module_anywhere")
    assert d["kind"] == "import_error"


def test_scenario_helpers_use_the_stand_ins(learner, explorer):
    name = learner("bank", learners.LOCKED_BANK)

    def scenario(bank):
        q = explorer.queue.Queue()
        t = explorer.threading.Thread(target=lambda: q.put(bank.run()))
        t.start()
        t.join()
        assert q.get(timeout=1) == 0
        assert explorer.time.monotonic() >= 0

    explorer(scenario, module=name)


def test_module_is_fresh_for_every_schedule(learner, explorer):
    name = learner("counter", "import threading\ncount = 0\n")
    seen = []

    def scenario(m):
        seen.append(m.count)
        m.count += 1

    explorer(scenario, module=name, runs=5)
    assert seen == [0] * 5


def test_stand_ins_refuse_to_work_outside_explore():
    with pytest.raises(RuntimeError, match="inside explore"):
        Explorer.threading.Lock()


GATED_INVERSION = """
import threading

gate = threading.Lock()
mutex_a = threading.Lock()
mutex_b = threading.Lock()


def func1(log):
    with gate:
        with mutex_a:
            with mutex_b:
                log.append(1)


def func2(log):
    with gate:
        with mutex_b:
            with mutex_a:
                log.append(2)


def run():
    log = []
    threads = [threading.Thread(target=f, args=(log,)) for f in (func1, func2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return log
"""


def test_inversion_under_one_gate_lock_is_not_a_lock_order_problem(learner, explorer):
    name = learner("gated", GATED_INVERSION)
    report = explorer(lambda m: m.run(), module=name)
    assert report.runs > 1


@pytest.mark.parametrize("kind", ["leaked_thread", "lost_update", "deadlock", "over_limit"])
def test_a_tests_own_violation_keeps_its_message_whatever_its_kind(learner, explorer, kind):
    name = learner("plain", "x = 1\n")

    def scenario(m):
        raise Violation(kind, "the test's own words")

    d = fail_of(explorer, scenario, name)
    assert d["kind"] == kind
    assert "the test's own words" in d["message"]


PER_THREAD_BOX = """
import threading


class Box(threading.local):
    pass


box = Box()


def bump():
    box.n = 0
    box.n = box.n + 1
    return box.n
"""


def test_attributes_of_a_thread_local_subclass_are_not_shared(learner, explorer):
    name = learner("perthread", PER_THREAD_BOX)

    def scenario(m):
        threads = [explorer.threading.Thread(target=m.bump) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    explorer(scenario, module=name)


def test_a_thread_waiting_for_its_own_lock_is_named_as_such(learner, explorer):
    name = learner(
        "selfish",
        "import threading\nlock = threading.Lock()\n\ndef twice():\n    with lock:\n        with lock:\n            pass\n",
    )
    d = fail_of(explorer, lambda m: m.twice(), name)
    assert d["kind"] == "deadlock"
    assert d["message"].startswith("DEADLOCK: a thread waits for a lock it already holds itself.")


def test_an_assertion_of_the_test_gets_a_neutral_hint(learner, explorer):
    name = learner("plain2", "x = 1\n")

    def scenario(m):
        assert m.x == 2, "x should be 2"

    d = fail_of(explorer, scenario, name)
    assert d["kind"] == "wrong_result"
    assert "lock" not in d["hint"]


BLIND_WRITES = """
import threading


class Box:
    def __init__(self):
        self.v = 0
        self.lock = threading.Lock()

    def put(self, value):
        with self.lock:
            self.v = value
"""


def test_blind_writes_under_a_lock_are_not_lost_updates(learner, explorer):
    name = learner("box", BLIND_WRITES)

    def scenario(m):
        b = m.Box()
        t = explorer.threading.Thread(target=b.put, args=(1,))
        t.start()
        b.put(2)
        t.join()

    explorer(scenario, module=name)


def test_one_lock_under_two_names_is_named_both_ways(learner, explorer):
    name = learner(
        "aliased",
        """
        import threading
        mutex_a = mutex_b = threading.Lock()

        def run():
            with mutex_a:
                with mutex_b:
                    return 1
        """,
    )
    d = fail_of(explorer, lambda m: m.run(), name)
    assert d["kind"] == "deadlock"
    assert "mutex_a and mutex_b are one and the same lock" in d["message"]
