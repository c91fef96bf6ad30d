"""Every format, compared with a stored file; `pytest --update-goldens` rewrites them after a wanted change.

The inputs are saved results with durations and paths already normalised (tests/resources/results/), and the
outputs' clock and host name are fixed, so a difference is a change in what a person or a tool would see.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from test_reporters_formats import RESULTS
from test_reporters_formats import load
from test_reporters_formats import with_tasks

from grader.reporters import csv as csv_reporter
from grader.reporters import exercism
from grader.reporters import gradescope
from grader.reporters import html
from grader.reporters import junit
from grader.reporters.json import dumps

GOLDENS = Path(__file__).parent / "goldens"
SOURCES = {"bank.py": (RESULTS / "bank.py").read_text()}
STAMP = 1_796_400_000.0  # a fixed clock for the JUnit timestamp
CLASS = {"alice": ["lost_update", "deadlock"], "bob": ["pipeline"], "carol": ["deadlock", "pipeline"]}


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    update = bool(request.config.getoption("--update-goldens"))

    def check(name: str, text: str) -> None:
        path = GOLDENS / name
        if update or not path.exists():
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            if not update:
                pytest.fail(f"{name} was missing and has been written: check it, then run again")
        with path.open(encoding="utf-8", newline="") as handle:
            assert text == handle.read(), f"{name} differs: run pytest --update-goldens"

    return check


@pytest.mark.parametrize("name", ["lost_update", "deadlock", "pipeline"])
def test_learner_page(name: str, golden: Callable[[str, str], None]) -> None:
    golden(f"{name}.html", html.render_learner([load(name)], sources=SOURCES))


@pytest.mark.parametrize("name", ["lost_update", "deadlock"])
def test_machine_formats(name: str, golden: Callable[[str, str], None]) -> None:
    result = load(name)
    golden(f"{name}.junit.xml", junit.render([result], at=STAMP, hostname="grader.example"))
    golden(f"{name}.gradescope.json", dumps(gradescope.to_dict(result)))
    golden(f"{name}.exercism.json", dumps(exercism.to_dict(result)))


def test_exercism_task_ids(golden: Callable[[str, str], None]) -> None:
    golden("tasks.exercism.json", dumps(exercism.to_dict(with_tasks(load("lost_update")))))


def test_class_formats(golden: Callable[[str, str], None]) -> None:
    gradings = {learner: [load(name) for name in names] for learner, names in CLASS.items()}
    golden("class.html", html.render_class(gradings))
    golden("class.csv", csv_reporter.render(gradings))
