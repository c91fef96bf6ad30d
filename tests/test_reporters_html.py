from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from pathlib import Path

from test_reporters import shared_causes
from test_reporters_formats import RESULTS
from test_reporters_formats import hostile
from test_reporters_formats import load

from grader.reporters import html
from grader.reporters import views
from grader.results import Diagnosis

BANK = (RESULTS / "bank.py").read_text()


def page(*names: str, **kwargs: object) -> str:
    return html.render_learner([load(name) for name in names], **kwargs)  # type: ignore[arg-type]


def test_lost_update_timeline_marks_and_values() -> None:
    case = next(c for c in load("lost_update").failures if c.diagnosis and c.diagnosis.trace)
    assert case.diagnosis is not None
    timeline = views.timeline(case.diagnosis)
    assert timeline is not None
    assert timeline.threads == ("Thread-1 (run_thread)", "Thread-2 (run_thread)")
    assert timeline.variables == ("Account.balance",)
    marks = [step.mark for step in timeline.steps]
    assert marks[0] == "stale-read" and marks[-1] == "stale-write"
    assert marks.count("lost-write") == 4
    assert [step.values[0] for step in timeline.steps] == ["5", "5", "13", "13", "5", "5", "13", "13", "5", "0"]
    assert {step.lane for step in timeline.steps} == {0, 1}


def test_values_sent_by_the_explorer_win() -> None:
    diagnosis = Diagnosis(
        "wrong_result",
        "m",
        trace=({"step": 1, "thread": "A", "event": "call", "detail": "x", "values": {"count": 2, "items": "[1]"}},),
    )
    timeline = views.timeline(diagnosis)
    assert (
        timeline is not None and timeline.variables == ("count", "items") and timeline.steps[0].values == ("2", "[1]")
    )


def test_deadlock_graph_from_the_trace() -> None:
    case = load("deadlock").failures[0]
    assert case.diagnosis is not None
    graph = views.wait_graph(case.diagnosis)
    assert graph is not None and graph.derived
    edges = {(e.source, e.target, e.kind) for e in graph.edges}
    assert ("t:Thread-1", "l:mutex_a", "wants") in edges and ("l:mutex_a", "t:Thread-2", "holds") in edges
    assert ("t:Thread-2", "l:mutex_b", "wants") in edges and ("l:mutex_b", "t:Thread-1", "holds") in edges


def test_deadlock_graph_from_waits_for() -> None:
    waits = (
        {"thread": "T1", "holds": ["a"], "waits_for": "b", "held_by": "T2"},
        {"thread": "T2", "holds": ["b"], "waits_for": "a", "held_by": "T1"},
        {"thread": "Main", "holds": [], "waits_for": "waits for T1 to finish (join)", "held_by": None},
    )
    graph = views.wait_graph(Diagnosis("deadlock", "m", waits_for=waits))
    assert graph is not None and not graph.derived
    kinds = {node.id: node.kind for node in graph.nodes}
    assert kinds == {
        "t:T1": "thread",
        "l:a": "lock",
        "l:b": "lock",
        "t:T2": "thread",
        "t:Main": "thread",
        "w:waits for T1 to finish (join)": "wait",
    }
    assert "T1 holds a and waits for b (held by T2)." in graph.sentences
    svg = str(html.svg.wait_for_graph(graph, "g"))
    assert svg.count("<line") >= 5 and "<title" in svg and "<desc" in svg


def test_learner_page_has_everything_a_failure_needs() -> None:
    text = page("deadlock", sources={"deadlock.py": "import threading\n"})
    assert text.startswith("<!DOCTYPE html>")
    assert 'class="wait-graph"' in text and 'role="img"' in text
    assert "Thread-1 holds mutex_b and waits for mutex_a (held by Thread-2)." in text
    assert "grade exercise-02 --seed 0 --submission deadlock.py" in text
    assert "Hint:" in text and "data-timeline" in text
    assert "Coverage was not measured for this run" in text
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in text


def test_coverage_marks_run_and_missed_statements() -> None:
    text = page("lost_update", sources={"bank.py": BANK})
    assert 'class="missed"' in text and 'class="run"' in text
    rows = re.findall(r'<tr class="(run|missed)"><th scope="row">(\d+)</th>', text)
    assert ("missed", "47") in rows and ("run", "25") in rows
    assert not any(number == "1" for _, number in rows)  # the docstring is not a statement


def test_script_is_allowed_by_hash_and_nothing_else() -> None:
    text = page("lost_update")
    script = re.search(r"<script>(.*?)</script>", text, re.S)
    assert script is not None and text.count("<script>") == 1
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    policy = unescape(text)
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy


def test_hostile_text_is_escaped_cleaned_and_truncated() -> None:
    text = html.render_learner([hostile()], sources={"bank.py": "x = '<script>alert(1)</script>'\n"})
    assert text.count("<script>") == 1  # ours
    assert "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;" in text
    assert "<b>" not in text and "<img>" not in text
    assert "\x1b" not in text and "\u241b[31m" in text
    assert "\x00" not in text
    text.encode("utf-8")  # lone surrogates replaced
    assert "more characters not shown" in text


def test_class_page() -> None:
    gradings = {
        "alice": [load("lost_update"), load("deadlock")],
        "bob": [load("pipeline")],
        "<eve>": [load("deadlock")],
    }
    text = html.render_class(gradings, title="Concurrency <2026>")
    assert 'class="heat-map"' in text and 'class="histogram"' in text
    assert "Concurrency &lt;2026&gt;" in text and "<eve>" not in text
    assert 'href="learner-alice.html"' in text and 'href="learner-eve.html"' in text
    assert '<span class="kind">deadlock</span> 2' in text
    assert "alice: exercise-01 26%, exercise-02 16%, exercise-04 not graded." in text


def test_learner_file_names_are_safe() -> None:
    assert html.learner_file_name("../../etc/passwd") == "learner-etc_passwd.html"
    assert html.learner_file_name("...") == "learner-anonymous.html"


def test_write_survives_lone_surrogates(tmp_path: Path) -> None:
    html.write("a\udcffb", tmp_path / "x.html")
    assert (tmp_path / "x.html").read_text() == "a?b"


def test_one_card_per_root_cause() -> None:
    text = html.render_learner([shared_causes()])
    cards = re.findall(r'<article class="failure" id="(r0-t\d+)"', text)
    assert cards == ["r0-t1", "r0-t3", "r0-t4", "r0-t6"]  # test_a, test_other_lines, test_other_kind, test_i1
    assert text.count("Also fails, with the same cause") == 2
    assert "(2 more tests)" in text and "(1 more test)" in text
    assert '<li id="r0-t2"><code title="tests/hidden/test_b_hidden.py::test_b">test_b</code>' in text
    assert "other values" not in text and "IMPORT ERROR" not in text
    links = re.findall(r'<td><a href="#(r0-t\d+)">test_b_hidden::(\w+)</a>', text)
    assert links == [
        ("r0-t1", "test_a"),
        ("r0-t1", "test_b"),
        ("r0-t3", "test_other_lines"),
        ("r0-t4", "test_other_kind"),
        ("r0-t1", "test_c"),
        ("r0-t6", "test_i1"),
        ("r0-t6", "test_i2"),
    ]
    assert len(re.findall(r'<td class="num">0/1</td>', text)) == 7  # every failing test keeps its score row


def test_missing_work_counts_as_zero_in_the_class_total(tmp_path: Path) -> None:
    from grader.reporters import outputs

    lost, deadlock = load("lost_update"), load("deadlock")
    gradings = {"alice": [lost, deadlock], "bob": [lost]}
    text = unescape(html.render_class(gradings))
    assert re.search(r"alice</a></th><td class=\"num\">2 of 2</td><td class=\"num\">4\.21 / 20</td>", text)
    assert re.search(r"bob</a></th><td class=\"num\">1 of 2</td><td class=\"num\">2\.63 / 20</td>", text)
    assert "13%" in text  # bob: 2.63 of 20, not 2.63 of 10
    page = tmp_path / "index.html"
    outputs.write_class(gradings, outputs.Requested(html=page))
    bob = unescape((tmp_path / html.learner_file_name("bob")).read_text())
    assert 'Total: <span class="score-num">2.63 / 20</span> · 1 of 2 exercises handed in' in bob
    assert f'exercise-02 {deadlock.title}: not handed in, <span class="num">0 / 10</span>' in bob
    alice = unescape((tmp_path / html.learner_file_name("alice")).read_text())
    assert "Not handed in" not in alice and "2 of 2 exercises handed in" in alice


def test_expected_exercises_nobody_handed_in_count_too() -> None:
    expected = [html.Missing("exercise-09", "Thread-local state", 10.0)]
    text = unescape(html.render_class({"bob": [load("lost_update")]}, expected=expected))
    assert re.search(r"bob</a></th><td class=\"num\">1 of 2</td><td class=\"num\">2\.63 / 20</td>", text)
    assert "exercise-09" in text
    page = unescape(html.render_learner([load("lost_update")], learner="bob", absent=expected))
    assert "exercise-09 Thread-local state: not handed in" in page
