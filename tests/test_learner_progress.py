from __future__ import annotations

import json
import threading
from pathlib import Path

from grader import catalog
from grader.learner import progress
from grader.learner.progress import Status
from grader.results import CaseResult
from grader.results import Diagnosis
from grader.results import GradingResult
from grader.results import Outcome


def case(name: str, kind: str | None, lost: float) -> CaseResult:
    if kind is None:
        return CaseResult(name, Outcome.PASS, 1, lost, lost)
    return CaseResult(name, Outcome.FAIL, 1, 0, lost, "no", Diagnosis(kind, "why"))


def result(*cases: CaseResult, exercise: str = "exercise-01") -> GradingResult:
    score = sum(c.score for c in cases)
    return GradingResult(exercise, "adder", "Adder", "adder.py", 0, score, 10, tuple(cases))


def test_nothing_saved_means_not_started(tmp_path: Path) -> None:
    assert progress.load(tmp_path).status("exercise-01") is Status.NOT_STARTED
    assert not (tmp_path / ".grade").exists()


def test_gradings_persist_with_the_costliest_kind_first(tmp_path: Path) -> None:
    progress.record(tmp_path, result(case("a", "timeout", 2), case("b", "deadlock", 5), case("c", "timeout", 1)))
    entry = progress.load(tmp_path).get("exercise-01")
    assert entry.status is Status.STARTED
    assert entry.kinds == ("deadlock", "timeout") and entry.last_kind == "deadlock"
    assert (entry.score, entry.max_score, entry.gradings) == (0, 10, 1)
    data = json.loads((tmp_path / ".grade" / "progress.json").read_text())
    assert data["version"] == 1 and data["exercises"]["exercise-01"]["status"] == "started"


def test_done_is_sticky_and_a_zero_point_kind_still_counts(tmp_path: Path) -> None:
    progress.record(tmp_path, result(case("a", None, 10)))
    assert progress.load(tmp_path).status("exercise-01") is Status.DONE
    progress.record(tmp_path, result(case("a", None, 10), case("<leaked processes>", "leaked_process", 0)))
    entry = progress.load(tmp_path).get("exercise-01")
    assert entry.status is Status.DONE and entry.kinds == ("leaked_process",) and entry.gradings == 2


def test_hints_start_an_exercise_and_forget_resets_it(tmp_path: Path) -> None:
    progress.note_hint(tmp_path, "exercise-02", 2)
    progress.note_hint(tmp_path, "exercise-02", 2)
    entry = progress.load(tmp_path).get("exercise-02")
    assert (entry.status, entry.hints_shown) == (Status.STARTED, (2,))
    progress.forget(tmp_path, "exercise-02")
    assert progress.load(tmp_path).status("exercise-02") is Status.NOT_STARTED


def test_an_unreadable_file_is_set_aside_not_lost(tmp_path: Path) -> None:
    state = tmp_path / ".grade"
    state.mkdir()
    (state / "progress.json").write_text("{half a fi", encoding="utf-8")
    assert progress.load(tmp_path).entries == {}
    progress.note_hint(tmp_path, "exercise-01", 1)
    assert (state / "progress.json.bad").read_text() == "{half a fi"
    assert progress.load(tmp_path).get("exercise-01").hints_shown == (1,)


def test_concurrent_updates_are_not_lost(tmp_path: Path) -> None:
    threads = [threading.Thread(target=progress.note_hint, args=(tmp_path, "exercise-01", n)) for n in range(1, 21)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(progress.load(tmp_path).get("exercise-01").hints_shown) == list(range(1, 21))
    assert [p.name for p in (tmp_path / ".grade").iterdir() if p.name.endswith(".tmp")] == []


def test_first_unfinished_skips_done_ones(fixture_root: Path, tmp_path: Path) -> None:
    exercises = catalog.load_catalog(fixture_root)
    assert progress.first_unfinished(exercises, progress.load(tmp_path)) == exercises[0]
    progress.record(tmp_path, result(case("a", None, 10)))
    assert progress.first_unfinished(exercises, progress.load(tmp_path)) is None
