"""Hidden tests for the distributed queue: the master serves both queues behind the authkey, workers take
exactly their share, run() brings every result back and shuts everything down."""

from __future__ import annotations

import multiprocessing
import queue
import sys
from collections import Counter
from pathlib import Path

import distributed
import pytest

from grader.explorer import Violation
from grader.testing import exact_type
from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import manager_helpers_hidden as helpers  # importable by name in the test master's server process

LOOPBACK = ("127.0.0.1", 0)  # the OS picks a free port


def violation(kind, message):
    """A Violation the grader reports as `kind` outside explore() too."""
    exc = Violation(kind, message)
    exc.grader_diagnosis = {"kind": kind, "message": message}
    return exc


@pytest.fixture(autouse=True)
def no_children_left_behind():
    yield
    for p in multiprocessing.active_children():
        p.terminate()
    for p in multiprocessing.active_children():
        p.join(2)
        if p.is_alive():
            p.kill()
            p.join(2)


@pytest.fixture
def test_master():
    master = helpers.TestMaster(address=LOOPBACK, authkey=b"test-master-key")
    master.start()
    yield master
    master.shutdown()


def check_same(got, expected, where):
    got = [tuple(item) if type(item) is list else item for item in got]
    # Counted as text: show() is repr() for plain data and names anything else by its type without running its
    # code, so a result that only claims to equal an expected one is never counted as it.
    shown = sorted(show(item) for item in got)
    lost = Counter(map(repr, expected)) - Counter(shown)
    extra = Counter(shown) - Counter(map(repr, expected))
    if lost:
        raise violation(
            "lost_item",
            f"{where} gave [{', '.join(shown)}]: the results [{', '.join(sorted(lost.elements()))}] never came back. Every "
            "task must be taken by some worker, and the master must wait for as many results as it sent tasks "
            "(result_queue.get(timeout=...)), not stop when the queue happens to look empty.",
        )
    assert not extra, f"{where} gave [{', '.join(shown)}]: unexpected [{', '.join(sorted(extra.elements()))}]."


def run(tasks, authkey, n_workers, where):
    try:
        return distributed.run(tasks, authkey, n_workers=n_workers)
    except queue.Empty:
        raise violation(
            "lost_item",
            f"{where} gave up waiting for a result that never came (queue.Empty): some task was never taken by a "
            "worker, or a worker could not connect. Share out every task, also when len(tasks) is not a multiple "
            "of n_workers, and let every worker connect with the authkey.",
        ) from None


@pytest.mark.points(1)
def test_module_api():
    for name in ("start_master", "worker", "run"):
        assert callable(getattr(distributed, name, None)), f"distributed.py must define a function {name}."


@pytest.mark.points(2)
def test_master_serves_both_queues_behind_the_authkey():
    where = "start_master(('127.0.0.1', 0), b'hidden-key')"
    master = distributed.start_master(LOOPBACK, b"hidden-key")
    try:
        address = exact_type(tuple(master.address), tuple[str, int], f"the address of the manager {where} returned")
        assert address[0] == "127.0.0.1" and address[1] > 0, (
            f"{where}: the manager's address is {address!r}; expected ('127.0.0.1', <the port the OS chose>). "
            "Create the manager with address=address and start() it."
        )
        client = helpers.TestClient(address=address, authkey=b"hidden-key")
        try:
            client.connect()
        except multiprocessing.AuthenticationError:
            raise AssertionError(
                f"{where}: a client with authkey b'hidden-key' was refused. Give the manager the authkey you were "
                "passed: BaseManager(address=address, authkey=authkey)."
            ) from None
        other = helpers.TestClient(address=address, authkey=b"hidden-key")
        other.connect()
        client.get_task_queue().put(41)
        got = other.get_task_queue().get(timeout=5)
        assert same(got, 41), (
            f"{where}: a task put by one client came out of get_task_queue() as {show(got)} for another."
        )
        other.get_result_queue().put((6, 36))
        got = client.get_result_queue().get(timeout=5)
        got = tuple(got) if type(got) in (list, tuple) else got
        assert same(got, (6, 36)), f"{where}: get_result_queue() passed (6, 36) on as {show(got)}."
        intruder = helpers.TestClient(address=address, authkey=b"wrong-key")
        try:
            intruder.connect()
        except multiprocessing.AuthenticationError:
            pass
        else:
            raise AssertionError(f"{where}: a client with the wrong authkey b'wrong-key' could connect.")
    finally:
        master.shutdown()


@pytest.mark.points(2)
def test_worker_takes_exactly_n_tasks(test_master):
    address = tuple(test_master.address)
    tasks, results = test_master.get_task_queue(), test_master.get_result_queue()
    for task in (3, -2, 5, 7, 0):
        tasks.put(task)
    where = "worker(address, authkey, 3) with tasks 3, -2, 5, 7, 0 waiting"
    distributed.worker(address, b"test-master-key", 3)
    got = helpers.drain(results)
    check_same(got, [(3, 9), (-2, 4), (5, 25)], where)
    left = helpers.drain(tasks)
    assert same(left, [7, 0]), f"{where}: the tasks {show(left)} were left, expected [7, 0]: take exactly n tasks."
    distributed.worker(address, b"test-master-key", 0)
    assert same(helpers.drain(results), []), "worker(address, authkey, 0) must put no result."


@pytest.mark.points(3)
def test_run_brings_every_result_back():
    tasks = [1, 2, 3, 4, 5, 6, 7]
    where = "run([1, 2, 3, 4, 5, 6, 7], b'secret', n_workers=2)"
    out = run(tasks, b"secret", 2, where)
    assert type(out) is list, f"{where} returned {show(out)}; it must return a plain list of (task, result) pairs."
    check_same(out, [(t, t * t) for t in tasks], where)
    pairs = [tuple(r) if type(r) is list else r for r in out]
    assert same(pairs, sorted((t, t * t) for t in tasks)), f"{where} must return the sorted list."


@pytest.mark.points(2)
def test_run_with_three_workers_and_duplicates():
    where = "run([5, 5, 2], b'x', n_workers=3)"
    out = run([5, 5, 2], b"x", 3, where)
    running = multiprocessing.active_children()
    if running:
        raise violation(
            "leaked_process",
            f"{where} returned while {len(running)} process(es) it started were still running (the manager's server "
            "process counts too). join() the workers and call master.shutdown() before you return.",
        )
    assert type(out) is list, f"{where} returned {show(out)}; it must return a plain list of (task, result) pairs."
    check_same(out, [(2, 4), (5, 25), (5, 25)], where)
