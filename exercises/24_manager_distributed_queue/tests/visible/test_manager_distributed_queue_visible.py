"""Visible tests for the distributed queue: run them with `grade 24` while you work."""

from __future__ import annotations

import multiprocessing
from multiprocessing.managers import BaseManager

import distributed
import pytest

from grader.testing import same
from grader.testing import show


class Client(BaseManager):
    pass


Client.register("get_task_queue")


@pytest.fixture(autouse=True)
def no_children_left_behind():
    yield
    for p in multiprocessing.active_children():
        p.terminate()
    for p in multiprocessing.active_children():
        p.join(2)


@pytest.mark.points(1)
def test_master_uses_the_authkey():
    master = distributed.start_master(("127.0.0.1", 0), b"visible-key")
    try:
        client = Client(address=tuple(master.address), authkey=b"visible-key")
        try:
            client.connect()
        except multiprocessing.AuthenticationError:
            raise AssertionError(
                "A client with the right authkey was refused: BaseManager(address=address, authkey=authkey)."
            ) from None
        client.get_task_queue().put(1)
        got = master.get_task_queue().get(timeout=5)
        assert same(got, 1), f"The master's task queue gave {show(got)} for the 1 a client put."
    finally:
        master.shutdown()


@pytest.mark.points(1)
def test_run():
    out = distributed.run([1, 2, 3], b"secret", n_workers=2)
    pairs = [tuple(r) if type(r) is list else r for r in out] if type(out) is list else out
    assert same(pairs, [(1, 1), (2, 4), (3, 9)]), (
        f"run([1, 2, 3], b'secret', n_workers=2) returned {show(out)}, expected [(1, 1), (2, 4), (3, 9)]: "
        "3 tasks do not split evenly over 2 workers."
    )
    assert not multiprocessing.active_children(), "run() left processes running: shut the master down."
