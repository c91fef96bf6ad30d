"""pytest plugin: the ``--explore-*`` options and the ``explore`` fixture bound to the current test."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .explore import Explorer

_replays_key = pytest.StashKey[dict[str, Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("explore", "schedule explorer")
    group.addoption("--explore-salt", default="", help="Salt mixed into every schedule seed (the exercise id)")
    group.addoption("--explore-seed", type=int, default=0, help="Base seed of the schedules")
    group.addoption("--explore-runs", type=int, default=None, help="Schedules per explore() call")
    group.addoption(
        "--explore-replay", default=None, metavar="FILE", help="JSON {nodeid: replay} of exact schedules to rerun"
    )


def _replays(config: pytest.Config) -> dict[str, Any]:
    cached = config.stash.get(_replays_key, None)
    if cached is None:
        path = config.getoption("--explore-replay", None)
        cached = {}
        if path:
            with open(path, encoding="utf-8") as f:
                cached = json.load(f)
        config.stash[_replays_key] = cached
    return cached


@pytest.fixture
def explore(request: pytest.FixtureRequest) -> Explorer:
    """Run ``scenario(module)`` under many seeded schedules; see docs/contracts.md section 2."""
    config = request.config
    nodeid = request.node.nodeid
    return Explorer(
        nodeid,
        salt=config.getoption("--explore-salt", ""),
        seed=config.getoption("--explore-seed", 0),
        runs=config.getoption("--explore-runs", None),
        replay=_replays(config).get(nodeid),
    )
