"""Hidden tests for the A/B deadlock exercise: the full contract of deadlock.py."""

from __future__ import annotations

import threading as real_threading

import pytest

from grader.explorer import Violation
from grader.testing import exact_type


class Stuck(AssertionError):
    """A plain-thread call that never returned: reported to the grader as a deadlock."""

    def __init__(self, message):
        super().__init__(message)
        self.grader_diagnosis = {"kind": "deadlock", "message": message}


def call_alone(fn, what, seconds=5.0):
    """Call fn() in one fresh real thread named "solo"; fail as a deadlock if it does not return in time."""
    box = {}

    def target():
        try:
            box["result"] = fn()
        except BaseException as exc:  # handed back to the test below
            box["error"] = exc

    thread = real_threading.Thread(target=target, name="solo", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise Stuck(
            f"{what}, called in a single thread with no other thread running, did not return within "
            f"{seconds:g} s: the thread waits for a lock that it holds itself. A plain Lock cannot be "
            "taken twice by the same thread; use an RLock if the same lock is taken again inside "
            "itself, or two different locks taken in one order."
        )
    if "error" in box:
        raise box["error"]
    return box.get("result")


def check_log(log, calls):
    """Check a log against the calls made: two entries per call, each call's two entries side by side.

    calls maps (thread name, function name) to how many times that thread called that function.
    """
    exact_type(log, list, "the log")  # plain data all the way down: == and len() below cannot be fooled
    for entry in log:
        assert type(entry) is tuple and len(entry) == 3, (
            f"Every log entry should be a tuple (thread_name, func_name, label); found {entry!r}."
        )
        exact_type(entry, tuple[str, str, object], "a log entry (thread_name, func_name, label)")
    for (thread, func), times in calls.items():
        got = sum(1 for entry in log if entry[:2] == (thread, func))
        assert got == 2 * times, (
            f"{thread} called {func} {times} time(s), so the log should hold {2 * times} entries "
            f"({thread!r}, {func!r}, ...), but it holds {got}. Each call must append exactly two "
            f"entries, one after taking each lock, and must not give up on a lock. Full log: {log!r}"
        )
    expected_total = 2 * sum(calls.values())
    assert len(log) == expected_total, f"The log should hold {expected_total} entries but holds {len(log)}: {log!r}"
    for i in range(0, len(log), 2):
        first, second = log[i], log[i + 1]
        if first[:2] != second[:2]:
            raise Violation(
                "mutual_exclusion",
                f"Entry {i + 1} of the log, {first!r}, is not followed by its partner: the next "
                f"entry is {second!r}. Another thread wrote to the log while a call of "
                f"{first[1]} was half done. Keep holding your lock(s) from the first entry of a "
                f"call to the second. Full log: {log!r}",
            )


def in_order(log, thread):
    """The function names of one thread's entries, in log order."""
    return [entry[1] for entry in log if entry[0] == thread]


# -- API shape in one real thread ------------------------------------------------------------


@pytest.mark.points(1)
def test_module_has_two_locks():
    import deadlock

    for name in ("mutex_a", "mutex_b"):
        lock = getattr(deadlock, name, None)
        assert lock is not None, f"deadlock.py should define a module-level lock named {name}."
        assert hasattr(lock, "acquire") and hasattr(lock, "release"), (
            f"{name} should be a lock (threading.Lock or threading.RLock), got {lock!r}."
        )


@pytest.mark.points(1)
def test_each_function_alone_in_one_thread(explore):
    # First under the explorer: a thread that waits for a lock it holds itself is a deadlock the moment it
    # happens, named with the lock and both lines, instead of after the real thread's timeout below.
    def scenario(deadlock):
        for fn in (deadlock.func1, deadlock.func2, deadlock.worker):
            fn([])

    explore(scenario, module="deadlock", runs=1)

    import deadlock

    log = []
    call_alone(lambda: deadlock.func1(log), "func1(log)")
    check_log(log, {("solo", "func1"): 1})
    log = []
    call_alone(lambda: deadlock.func2(log), "func2(log)")
    check_log(log, {("solo", "func2"): 1})
    log = []
    call_alone(lambda: deadlock.worker(log), "worker(log)")
    check_log(log, {("solo", "func1"): 1, ("solo", "func2"): 1})
    assert in_order(log, "solo") == ["func1", "func1", "func2", "func2"], (
        f"worker(log) should call func1 and then func2; the log was {log!r}."
    )


# -- Concurrency properties (schedule explorer) ---------------------------------------------


@pytest.mark.points(3)
def test_func1_and_func2_called_directly(explore):
    threading = explore.threading

    def scenario(deadlock):
        log = []
        one = threading.Thread(target=deadlock.func1, args=(log,), name="caller-1")
        two = threading.Thread(target=deadlock.func2, args=(log,), name="caller-2")
        one.start()
        two.start()
        one.join()
        two.join()
        check_log(log, {("caller-1", "func1"): 1, ("caller-2", "func2"): 1})

    explore(scenario, module="deadlock")


@pytest.mark.points(2)
def test_opposite_call_orders(explore):
    threading = explore.threading

    def forwards(deadlock, log):
        deadlock.func1(log)
        deadlock.func2(log)

    def backwards(deadlock, log):
        deadlock.func2(log)
        deadlock.func1(log)

    def scenario(deadlock):
        log = []
        one = threading.Thread(target=forwards, args=(deadlock, log), name="forwards")
        two = threading.Thread(target=backwards, args=(deadlock, log), name="backwards")
        one.start()
        two.start()
        one.join()
        two.join()
        check_log(log, {(t, f): 1 for t in ("forwards", "backwards") for f in ("func1", "func2")})
        assert in_order(log, "backwards") == ["func2", "func2", "func1", "func1"], (
            f"The thread that called func2 and then func1 should have logged in that order: {log!r}"
        )

    explore(scenario, module="deadlock")


@pytest.mark.points(2)
def test_three_callers(explore):
    threading = explore.threading

    def scenario(deadlock):
        log = []
        callers = [
            threading.Thread(target=deadlock.func2, args=(log,), name="caller-1"),
            threading.Thread(target=deadlock.func1, args=(log,), name="caller-2"),
            threading.Thread(target=deadlock.func2, args=(log,), name="caller-3"),
        ]
        for c in callers:
            c.start()
        for c in callers:
            c.join()
        check_log(log, {("caller-1", "func2"): 1, ("caller-2", "func1"): 1, ("caller-3", "func2"): 1})

    explore(scenario, module="deadlock")


@pytest.mark.points(2)
def test_workers_side_by_side(explore):
    threading = explore.threading

    def scenario(deadlock):
        log = []
        workers = [threading.Thread(target=deadlock.worker, args=(log,), name=f"w{i}") for i in (1, 2)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        check_log(log, {(t, f): 1 for t in ("w1", "w2") for f in ("func1", "func2")})
        for t in ("w1", "w2"):
            assert in_order(log, t) == ["func1", "func1", "func2", "func2"], (
                f"worker(log) should call func1 and then func2, but {t} logged {in_order(log, t)}."
            )

    explore(scenario, module="deadlock")


@pytest.mark.points(2)
def test_run_names_its_threads(explore):
    def scenario(deadlock):
        log = exact_type(deadlock.run(n_threads=3), list, "the log run(n_threads=3) returned")
        names = ("Thread-1", "Thread-2", "Thread-3")
        seen = sorted({entry[0] for entry in log if isinstance(entry, tuple) and entry})
        assert seen == sorted(names), (
            f"run(n_threads=3) should start three workers named Thread-1, Thread-2 and Thread-3 "
            f"(pass name=... to threading.Thread); the log names {seen}."
        )
        check_log(log, {(t, f): 1 for t in names for f in ("func1", "func2")})
        for t in names:
            assert in_order(log, t) == ["func1", "func1", "func2", "func2"], (
                f"Each worker should call func1 and then func2, but {t} logged {in_order(log, t)}."
            )

    explore(scenario, module="deadlock")


@pytest.mark.points(1)
def test_run_with_default_arguments(explore):
    def scenario(deadlock):
        log = exact_type(deadlock.run(), list, "the log run() returned")
        names = [f"Thread-{i}" for i in range(1, 11)]
        check_log(log, {(t, f): 1 for t in names for f in ("func1", "func2")})

    explore(scenario, module="deadlock", runs=30)
