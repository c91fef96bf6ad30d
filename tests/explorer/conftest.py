"""Helpers for the explorer's tests: tiny learner modules written into tmp_path."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from grader.explorer import Explorer


@pytest.fixture
def learner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], str]:
    """Write ``source`` as module ``name`` on sys.path; returns the module name."""
    monkeypatch.syspath_prepend(str(tmp_path))

    def write(name: str, source: str) -> str:
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source).lstrip())
        return name

    return write


@pytest.fixture
def explorer(request: pytest.FixtureRequest) -> Explorer:
    """An explorer bound to this test, independent of the plugin."""
    return Explorer(request.node.nodeid, salt="tests")
