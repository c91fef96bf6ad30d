"""Stress baseline: real threads, a 1 microsecond switch interval, many repetitions."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture(autouse=True)
def _fast_switching():
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)
