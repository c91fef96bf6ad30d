from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from grader import catalog
from grader import runner
from grader.results import GradingResult

pytest_plugins = ["pytester"]

RESOURCES = Path(__file__).parent / "resources"


@pytest.fixture(autouse=True, scope="session")
def _own_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The grader's cache of collected test IDs goes to a folder of this test session, not the user's ~/.cache."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def fixture_root() -> Path:
    """A catalogue of one small exercise, `adder`, with solutions and wrong submissions."""
    return RESOURCES / "root"


@pytest.fixture
def submissions() -> Path:
    """Hostile and broken submissions for `adder`."""
    return RESOURCES / "submissions"


@pytest.fixture
def adder(fixture_root: Path) -> catalog.Exercise:
    return catalog.resolve(catalog.load_catalog(fixture_root), "adder")


@pytest.fixture
def grade_adder(adder: catalog.Exercise) -> Callable[..., GradingResult]:
    def grade(path: Path, **kwargs: Any) -> GradingResult:
        return runner.grade(adder, path, **kwargs)

    return grade


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="Rewrite tests/goldens/ from the current output")
