from __future__ import annotations

import io
import json
from pathlib import Path

from grader.reporters import json as json_reporter
from grader.reporters import terminal
from grader.results import CaseResult
from grader.results import Diagnosis
from grader.results import GradingResult
from grader.results import Outcome


def result() -> GradingResult:
    return GradingResult(
        exercise="exercise-04",
        slug="pipeline",
        title="Pipeline",
        submission="pipeline.py",
        seed=7,
        score=2.5,
        max_score=10,
        tests=(
            CaseResult("tests/visible/test_p_visible.py::test_ok", Outcome.PASS, 1, 2.5, 2.5),
            CaseResult(
                "tests/hidden/test_p_hidden.py::test_items",
                Outcome.FAIL,
                3,
                0,
                7.5,
                "lost",
                Diagnosis(
                    "lost_item",
                    "Item 3 never\x1b[31m arrived [bold]x[/bold]",
                    "Put one sentinel per worker.",
                    (),
                    {"seed": 7},
                ),
            ),
        ),
    )


def render(**kwargs: object) -> str:
    stream = io.StringIO()
    terminal.render(result(), terminal.console_for(stream), **kwargs)  # type: ignore[arg-type]
    return stream.getvalue()


def test_terminal_lines_total_and_next_steps() -> None:
    text = render(hints="exercises/04_pipeline/hints.md", json_path="out.json")
    assert "PASS    test_p_visible::test_ok" in text
    assert "FAIL    test_p_hidden::test_items" in text
    assert "lost_item: Item 3 never arrived [bold]x[/bold]" in text
    assert "hint: Put one sentinel per worker." in text
    assert "Score: 2.5 / 10" in text
    assert "Read exercises/04_pipeline/hints.md for hints." in text
    assert "grade exercise-04 --seed 7" in text
    assert "grade replay out.json" in text


def test_no_colour_when_not_a_terminal() -> None:
    assert "\x1b[" not in render()


def test_json_writer_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    json_reporter.write_result(result(), str(path))
    assert json.loads(path.read_text())["tests"][1]["replay"] == {"seed": 7}
    assert json_reporter.read_result(path) == result()
