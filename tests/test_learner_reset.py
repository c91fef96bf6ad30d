from __future__ import annotations

import builtins
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader import catalog
from grader import cli
from grader.learner import progress
from grader.learner import reset

SOLVED = "def add(a, b):\n    return a + b\n"


@pytest.fixture
def root(fixture_root: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "root"
    shutil.copytree(fixture_root, copy, ignore=shutil.ignore_patterns(".grade"))
    return copy


def stub_of(root: Path) -> Path:
    return root / "exercises" / "01_adder" / "adder.py"


def test_reset_yes_restores_the_snapshot_and_keeps_a_backup(root: Path, capsys) -> None:
    pristine = stub_of(root).read_text()
    assert cli.main(["list", "--root", str(root)]) == 0  # the first learner command snapshots the stubs
    stub_of(root).write_text(SOLVED)
    progress.note_hint(root, "exercise-01", 1)
    assert cli.main(["reset", "1", "--yes", "--root", str(root)]) == 0
    assert stub_of(root).read_text() == pristine
    backups = list((root / ".grade" / "backups" / "01_adder").iterdir())
    assert [b.read_text() for b in backups] == [SOLVED]
    assert progress.load(root).status("exercise-01") is progress.Status.NOT_STARTED
    out = capsys.readouterr().out
    assert "Reset exercises" in out or "Reset " in out
    assert cli.main(["reset", "1", "--yes", "--root", str(root)]) == 0
    assert "already the stub" in capsys.readouterr().out
    assert len(list((root / ".grade" / "backups" / "01_adder").iterdir())) == 1


def test_reset_asks_and_refuses_without_a_terminal(root: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    cli.main(["list", "--root", str(root)])
    stub_of(root).write_text(SOLVED)
    monkeypatch.setattr(sys, "stdin", None)
    assert cli.main(["reset", "1", "--root", str(root)]) == 2
    assert "--yes" in capsys.readouterr().err
    assert stub_of(root).read_text() == SOLVED


@pytest.mark.parametrize(("answer", "resets"), [("n", False), ("", False), ("y", True)])
def test_reset_prompt(root: Path, monkeypatch: pytest.MonkeyPatch, answer: str, resets: bool) -> None:
    cli.main(["list", "--root", str(root)])
    stub_of(root).write_text(SOLVED)

    class Terminal:
        def isatty(self) -> bool:
            return True

    questions: list[str] = []
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(builtins, "input", lambda question: questions.append(question) or answer)
    assert cli.main(["reset", "adder", "--root", str(root)]) == 0
    assert len(questions) == 1 and "backed up" in questions[0]
    assert (stub_of(root).read_text() != SOLVED) is resets


def test_snapshot_skips_exercises_already_worked_on(root: Path) -> None:
    exercises = catalog.load_catalog(root)
    progress.note_hint(root, "exercise-01", 1)
    reset.snapshot(root, exercises)
    assert not reset.snapshot_path(root, exercises[0]).exists()
    progress.forget(root, "exercise-01")
    reset.snapshot(root, exercises)
    stub_of(root).write_text(SOLVED)
    reset.snapshot(root, exercises)  # an existing snapshot is never replaced
    assert "TODO" in reset.snapshot_path(root, exercises[0]).read_text()


def test_without_snapshot_or_git_it_is_a_usage_error(root: Path, capsys) -> None:
    progress.note_hint(root, "exercise-01", 1)  # worked on before any snapshot
    assert cli.main(["reset", "1", "--yes", "--root", str(root)]) == 2
    assert "no pristine copy" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_head_is_the_fallback_but_never_a_solved_file(root: Path, capsys) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "handout"], cwd=root, check=True)
    pristine = stub_of(root).read_text()
    progress.note_hint(root, "exercise-01", 1)  # no snapshot will be taken
    stub_of(root).write_text(SOLVED)
    assert cli.main(["reset", "1", "--yes", "--root", str(root)]) == 0
    assert stub_of(root).read_text() == pristine
    assert "git HEAD" in capsys.readouterr().out
    stub_of(root).write_text(SOLVED)  # a committed solution (no TODO left) is not a stub
    subprocess.run([*git, "commit", "-qam", "solved"], cwd=root, check=True)
    progress.note_hint(root, "exercise-01", 1)
    assert cli.main(["reset", "1", "--yes", "--root", str(root)]) == 2
