"""Stress checks for exercise-03 (pool.py): the peak of concurrent handler calls and result order."""

from __future__ import annotations

import threading
import time


def _measure(limit, n_urls, fail_every=0):
    import pool

    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def handler(url):
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        try:
            time.sleep(0.002)
            if fail_every and url % fail_every == 0:
                raise RuntimeError(url)
            return url * 10
        finally:
            with lock:
                state["now"] -= 1

    results = pool.fetch_all(list(range(n_urls)), handler, max_connections=limit)
    return results, state["peak"]


def test_limit_respected_and_used():
    for limit in (1, 2, 5):
        results, peak = _measure(limit, 4 * limit)
        assert results == [u * 10 for u in range(4 * limit)]
        assert peak <= limit, f"{peak} handler calls at once, limit {limit}"
        assert peak == limit, f"peak {peak} never reached the limit {limit}"


def test_raising_handler_keeps_slots():
    results, peak = _measure(2, 12, fail_every=2)
    assert peak == 2
    for url, result in enumerate(results):
        if url % 2 == 0:
            assert isinstance(result, RuntimeError)
        else:
            assert result == url * 10
