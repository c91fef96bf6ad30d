# ruff: noqa: RUF001  (the Chinese texts are meant to have full-width punctuation)
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from grader import cli
from grader.learner import progress
from grader.results import CaseResult
from grader.results import Diagnosis
from grader.results import GradingResult
from grader.results import Outcome

SOLVED = "def add(a, b):\n    return a + b\n"
HINTS = """# Hints

## Hint 1

Gently: what does `+` do?

## Hint 2 (deadlock)

Take the locks in the same order.

Keep reading if you'd like more hints.

## Hint 3 (lost_update)

Make it atomic.
"""


@pytest.fixture
def root(fixture_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The adder fixture plus a second exercise in another topic, with Chinese texts."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "GRADER_ROOT"):
        monkeypatch.delenv(name, raising=False)
    copy = tmp_path / "root"
    shutil.copytree(fixture_root, copy, ignore=shutil.ignore_patterns(".grade"))
    second = copy / "exercises" / "02_adder_two"
    shutil.copytree(copy / "exercises" / "01_adder", second)
    toml = (second / "exercise.toml").read_text()
    toml = toml.replace('id = "exercise-01"', 'id = "exercise-02"').replace('slug = "adder"', 'slug = "adder-two"')
    (second / "exercise.toml").write_text(toml.replace('topic = "basics"', 'topic = "threads"'))
    (second / "instructions.md").write_text("# Adder two\n\n## The story\n\nAdd again,\nbut twice.\n\nMore.\n")
    (second / "instructions.zh.md").write_text("# 再加一次\n\n再做一次加法，\n这次做两遍。\n")
    (copy / "exercises" / "01_adder" / "hints.md").write_text(HINTS)
    return copy


def run(root: Path, *argv: str) -> int:
    return cli.main([*argv, "--root", str(root)])


def failed(kind: str) -> GradingResult:
    case = CaseResult("t::x", Outcome.FAIL, 1, 0, 10, "no", Diagnosis(kind, "why"))
    return GradingResult("exercise-01", "adder", "Adder", "adder.py", 0, 0, 10, (case,))


def test_grading_the_working_copy_records_progress_and_list_groups_by_topic(root: Path, capsys) -> None:
    assert run(root, "1", "--submission", str(root / "solutions" / "01_adder" / "adder.py")) == 0
    assert progress.load(root).status("exercise-01") is progress.Status.NOT_STARTED  # --submission: not the learner's
    (root / "exercises" / "01_adder" / "adder.py").write_text(SOLVED)
    assert run(root, "1") == 0
    assert progress.load(root).status("exercise-01") is progress.Status.DONE
    capsys.readouterr()
    assert run(root, "list") == 0
    out = capsys.readouterr().out
    assert out.index("basics: 1/1 done") < out.index("threads: 0/1 done")
    assert "10/10" in out and "not started" in out
    assert "Progress: 1/2 done, 0 started, 1 not started" in out
    assert run(root, "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(e["id"], e["status"]) for e in listed] == [("exercise-01", "done"), ("exercise-02", "not started")]
    assert all({"id", "slug", "title", "topic", "max_score"} <= e.keys() for e in listed)


def test_list_json_writes_nothing(root: Path, capsys) -> None:
    assert run(root, "list", "--json") == 0
    assert not (root / ".grade").exists()


def test_next_shows_the_first_unfinished_exercise_and_how_to_start(root: Path, capsys) -> None:
    passed = CaseResult("t::x", Outcome.PASS, 1, 10, 10)
    progress.record(root, GradingResult("exercise-01", "adder", "Adder", "adder.py", 0, 10, 10, (passed,)))
    assert run(root, "next") == 0
    out = capsys.readouterr().out
    assert "Next: exercise-02 adder-two" in out
    assert "Add again, but twice." in out and "More." not in out
    assert "grade watch 02" in out and "grade hint 02" in out and "exercises/02_adder_two/adder.py" in out
    assert run(root, "next", "--lang", "zh") == 0
    assert "再做一次加法，这次做两遍。" in capsys.readouterr().out


def test_show_picks_the_language_from_the_option_or_the_locale(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    assert run(root, "show", "2") == 0
    assert "# Adder two" in capsys.readouterr().out
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run(root, "show", "2") == 0
    assert "# 再加一次" in capsys.readouterr().out
    assert run(root, "show", "2", "--lang", "en") == 0
    assert "# Adder two" in capsys.readouterr().out
    assert run(root, "show", "1") == 0  # no translation: English
    assert "# Adder" in capsys.readouterr().out
    assert run(root, "show", "2", "--lang", "fr") == 2


def test_hint_prefers_the_last_failure_kind_then_goes_on_in_order(root: Path, capsys) -> None:
    progress.record(root, failed("deadlock"))
    assert run(root, "hint", "1") == 0
    out = capsys.readouterr().out
    assert "hint 2 of 3" in out and "for your last failure: deadlock" in out and "same order" in out
    assert "Keep reading" not in out and "2 more: grade hint exercise-01" in out
    assert run(root, "hint", "1") == 0
    assert "hint 1 of 3" in capsys.readouterr().out
    progress.record(root, failed("lost_update"))
    assert run(root, "hint", "adder") == 0
    assert "Make it atomic." in capsys.readouterr().out
    assert run(root, "hint", "1") == 0
    assert "seen all 3 hints" in capsys.readouterr().out
    assert run(root, "hint", "1", "2") == 0
    assert "same order" in capsys.readouterr().out
    assert run(root, "hint", "1", "9") == 2
    assert progress.load(root).get("exercise-01").hints_shown == (2, 1, 3)


def test_show_renders_the_markdown_on_a_terminal_and_prints_it_raw_otherwise(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    assert run(root, "show", "2") == 0
    assert capsys.readouterr().out == "# Adder two\n\n## The story\n\nAdd again,\nbut twice.\n\nMore.\n"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "60")
    assert run(root, "show", "2") == 0
    out = capsys.readouterr().out
    assert "Adder two" in out and "The story" in out and "Add again, but twice." in out
    assert "# Adder" not in out and "## The story" not in out  # headings drawn by rich, not Markdown marks
    assert run(root, "show", "2", "--lang", "zh") == 0
    out = capsys.readouterr().out
    assert "再加一次" in out and "# 再加一次" not in out
