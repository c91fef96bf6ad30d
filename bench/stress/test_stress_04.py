"""Stress checks for exercise-04 (pipeline.py): every item exactly once, every thread finished."""

from __future__ import annotations

import threading
from collections import Counter


def _check(batches, n_consumers):
    import pipeline

    before = threading.active_count()
    out = pipeline.run(batches, n_consumers)
    expected = [item for batch in batches for item in batch]
    assert Counter(map(repr, out)) == Counter(map(repr, expected))
    assert threading.active_count() == before, "threads left running"


def test_many_shapes():
    _check([[1, 2, 3], [4, 5], [6]], 2)
    _check([[0, "", False], [7]], 3)
    _check([[], []], 2)
    _check([], 2)
    _check([list(range(200)), list(range(200, 400))], 4)
    _check([[1]], 1)
