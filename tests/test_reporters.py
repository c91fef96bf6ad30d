from __future__ import annotations

import io
import json
import re
from pathlib import Path

from grader.reporters import json as json_reporter
from grader.reporters import terminal
from grader.reporters import views
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


STEPS = (
    {"step": 1, "thread": "T1", "line": 25, "event": "read", "detail": "reads balance = 0"},
    {"step": 2, "thread": "T2", "line": 26, "event": "write", "detail": "writes balance = 5"},
)


def failing(name: str, kind: str, message: str, trace: tuple[dict[str, object], ...] = ()) -> CaseResult:
    return CaseResult(name, Outcome.FAIL, 1, 0, 1, message, Diagnosis(kind, message, "Use one lock.", trace))


def shared_causes() -> GradingResult:
    """Three tests with one lost update, one at other lines, one of another kind, and an import error twice."""
    hidden = "tests/hidden/test_b_hidden.py::"
    return GradingResult(
        exercise="exercise-01",
        slug="bank",
        title="Bank",
        submission="bank.py",
        seed=0,
        score=1,
        max_score=10,
        tests=(
            CaseResult("tests/visible/test_b_visible.py::test_ok", Outcome.PASS, 1, 1, 1),
            failing(
                hidden + "test_a",
                "lost_update",
                "LOST UPDATE on balance:\n  1. T1 (line 25: x)\n  2. T2 (line 26: y)",
                STEPS,
            ),
            failing(hidden + "test_b", "lost_update", "LOST UPDATE on balance (other values)", STEPS),
            failing(hidden + "test_other_lines", "lost_update", "LOST UPDATE on balance (at bank.py:40)"),
            failing(hidden + "test_other_kind", "mutual_exclusion", "Two threads inside at once", STEPS),
            failing(hidden + "test_c", "lost_update", "LOST UPDATE: (line 26: y) then (line 25: x)"),
            failing(hidden + "test_i1", "import_error", "could not be imported: SyntaxError (at bank.py:12)"),
            failing(hidden + "test_i2", "import_error", "IMPORT ERROR: SyntaxError (line 12: ()"),
        ),
    )


def test_learner_lines_come_from_the_message_then_the_trace() -> None:
    def lines(message: str, trace: tuple[dict[str, object], ...] = ()) -> tuple[int, ...]:
        return views.learner_lines(Diagnosis("error", message, trace=trace), "/tmp/x/bank.py")

    assert lines("Not implemented yet: finish the TODO (at bank.py:20).") == (20,)
    assert lines("waits, at line 23: a.acquire()\n  MainThread waits, at test line 76: t.join()") == (23,)
    assert lines('  in the test at line 40: assert x\n  File "/w/bank.py", line 7, in f') == (7,)
    assert lines('  File "/w/tests/test_b.py", line 3, in <module>') == ()
    assert lines("no location", STEPS) == (25, 26)
    assert lines("no location") == ()


def test_failures_with_one_cause_are_grouped() -> None:
    groups = [[case.name.rpartition("::")[2] for case in cause.cases] for cause in views.causes(shared_causes())]
    assert groups == [["test_a", "test_b", "test_c"], ["test_other_lines"], ["test_other_kind"], ["test_i1", "test_i2"]]


def test_no_lines_group_only_identical_messages() -> None:
    one, two, three = (failing(f"t.py::test_{n}", "wrong_result", text) for n, text in enumerate("xxy"))
    assert views.cause_key(one) == views.cause_key(two) != views.cause_key(three)
    assert views.cause_key(CaseResult("t.py::a", Outcome.ERROR, message="m")) != views.cause_key(one)


def test_terminal_shows_each_cause_once_and_every_score_line() -> None:
    stream = io.StringIO()
    terminal.render(shared_causes(), terminal.console_for(stream))
    text = stream.getvalue()
    for name in ("test_a", "test_b", "test_other_lines", "test_other_kind", "test_c", "test_i1", "test_i2"):
        assert re.search(rf"FAIL +test_b_hidden::{name} +0/1$", text, re.M)
    assert text.count("hint: Use one lock.") == 4
    assert text.count("LOST UPDATE on balance") == 2 and "other values" not in text and "(line 26: y) then" not in text
    assert "        also fails: test_b, test_c (same cause)" in text
    assert "        also fails: test_i2 (same cause)" in text and "IMPORT ERROR" not in text
    assert text.count("also fails") == 2
    assert text.index("test_a ") < text.index("also fails: test_b") < text.index("FAIL    test_b_hidden::test_b ")


def test_names_are_short_unless_two_files_share_one() -> None:
    result = GradingResult(
        "exercise-04",
        "p",
        "P",
        "p.py",
        0,
        0,
        2,
        (
            failing("tests/visible/test_v.py::test_same", "deadlock", "stuck (line 3: x)"),
            failing("tests/hidden/test_h.py::test_same", "deadlock", "stuck (line 3: x)"),
            failing("tests/hidden/test_h.py::test_own", "deadlock", "stuck (line 3: x)"),
        ),
    )
    assert views.case_names(result, result.tests) == ("test_v::test_same", "test_h::test_same", "test_own")
