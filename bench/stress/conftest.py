"""Stress baseline: real threads, a 1 microsecond switch interval, many repetitions.

A deadlocked test is failed by pytest-timeout after the whole timeout, but its threads stay blocked for ever
and the interpreter would wait for them at exit: when non-daemon threads are still alive at the end of the
session, the process leaves with pytest's exit status instead of hanging (what a CI job's kill would do later).
"""

from __future__ import annotations

import os
import sys
import threading

import pytest

_status: dict[str, int] = {}


@pytest.fixture(autouse=True)
def _fast_switching():
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _status["exit"] = int(exitstatus)


def pytest_unconfigure(config: pytest.Config) -> None:
    stuck = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon and t.is_alive()]
    if stuck:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_status.get("exit", 1) or 1)
