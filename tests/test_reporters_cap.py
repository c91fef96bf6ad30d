"""The severity cap as the reports say it: under the score in the terminal and on the HTML page, kept in JSON."""

from __future__ import annotations

import dataclasses
import io

from grader.reporters import html
from grader.reporters import terminal
from grader.reporters import views
from grader.results import CaseResult
from grader.results import Diagnosis
from grader.results import GradingResult
from grader.results import Outcome
from grader.results import ScoreCap


def capped_result(cap: ScoreCap | None) -> GradingResult:
    tests = (
        CaseResult("tests/visible/test_b_visible.py::test_small", Outcome.PASS, 8, 8.0, 8.0),
        CaseResult(
            "tests/hidden/test_b_hidden.py::test_threads[4]",
            Outcome.FAIL,
            2,
            0.0,
            2.0,
            "lost",
            Diagnosis("lost_update", "Thread-2 overwrote what Thread-1 wrote."),
        ),
    )
    return GradingResult("exercise-01", "bank", "Bank", "bank.py", 0, 6.0 if cap else 8.0, 10.0, tests, cap=cap)


def test_the_sentence_names_the_kinds_the_tests_and_what_was_earned() -> None:
    cap = ScoreCap(limit=6.0, earned=8.0, kinds=("lost_update",), tests=("tests/h/t.py::test_order[2]",) * 2)
    text = views.cap_sentence(capped_result(cap))
    assert text is not None
    assert text.startswith("Capped at 6 of 10 (60 %): the passing tests earned 8")
    assert "a concurrency bug (lost update)" in text
    assert "concurrency property (test_order)" in text  # one name per function, parameters left out
    assert views.cap_sentence(capped_result(None)) is None


def test_terminal_and_html_show_it_and_json_keeps_it() -> None:
    cap = ScoreCap(limit=6.0, earned=8.0, kinds=("lost_update",))
    result = capped_result(cap)
    stream = io.StringIO()
    terminal.render(result, terminal.console_for(stream))
    out = stream.getvalue()
    assert "6 / 10" in out and "Capped at 6 of 10" in out
    page = html.render_learner([result])
    assert "Capped at 6 of 10" in page
    again = GradingResult.from_dict(result.to_dict())
    assert again.cap == cap and again.score == 6.0
    assert "cap" not in dataclasses.replace(result, cap=None).to_dict()


def test_the_sentence_follows_the_learners_language() -> None:
    from grader import i18n

    cap = ScoreCap(limit=6.0, earned=8.0, kinds=("lost_update",))
    i18n.set_language("zh")
    try:
        text = views.cap_sentence(capped_result(cap))
    finally:
        i18n.set_language("en")
    assert text is not None and text.startswith("得分上限为 6 / 10") and "Capped" not in text
