"""Every exercise's `[hints]` table: real kinds, real hints, one for every kind its known-wrong variants get."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader import catalog
from grader.learner import hints
from grader.results import DIAGNOSIS_KINDS
from grader.results import CaseResult
from grader.results import Diagnosis
from grader.results import Outcome

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = catalog.load_catalog(ROOT)


def _expected_kinds(exercise: catalog.Exercise) -> set[str]:
    kinds: set[str] = set()
    for path in sorted((exercise.solutions / "wrong").glob("*.py")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("# expect:"):
            kinds.update(kind.strip() for kind in first.removeprefix("# expect:").split("|"))
    return kinds


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_tag_is_a_real_kind_and_a_real_hint(exercise: catalog.Exercise) -> None:
    assert exercise.hints, f"{exercise.folder.name}/exercise.toml has no [hints] table"
    for lang in ("en", "zh"):
        numbers = {hint.number for hint in hints.load(exercise.folder, lang)}
        for kind, tagged in exercise.hints:
            assert kind in DIAGNOSIS_KINDS
            assert set(tagged) <= numbers, f"{exercise.id} [hints] {kind}: no hint {set(tagged) - numbers} ({lang})"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_headings_agree_with_the_table(exercise: catalog.Exercise) -> None:
    for lang in ("en", "zh"):
        tagged = {hint.number: hint.kinds for hint in hints.for_exercise(exercise, lang)}
        for hint in hints.load(exercise.folder, lang):
            assert hint.kinds <= tagged[hint.number], f"{exercise.id} hint {hint.number} ({lang}): heading names more"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_kind_a_wrong_variant_gets_has_an_exercise_hint(exercise: catalog.Exercise) -> None:
    found = hints.for_exercise(exercise)
    missing = {kind for kind in _expected_kinds(exercise) if hints.inline(found, kind) is None}
    assert not missing, f"{exercise.id}: no hint for {sorted(missing)} in the [hints] table of exercise.toml"


def test_the_exercise_hint_replaces_the_generic_one() -> None:
    exercise = catalog.resolve(EXERCISES, "02")
    generic = "Take locks in one fixed order everywhere (one sentinel per consumer)."
    message = f"DEADLOCK: ...\nHint: {generic}\nSchedule: round-robin"
    failing = CaseResult("t::a", Outcome.FAIL, 1.0, diagnosis=Diagnosis("deadlock", message, hint=generic))
    untagged = CaseResult("t::b", Outcome.FAIL, 1.0, diagnosis=Diagnosis("crash", "It crashed.", hint="generic"))
    passing = CaseResult("t::c", Outcome.PASS, 1.0)
    first, second, third = hints.attach(exercise, [failing, untagged, passing])
    assert first.diagnosis is not None
    assert first.diagnosis.hint is not None
    assert first.diagnosis.hint.startswith("Draw the two threads side by side.")
    assert "sentinel" not in first.diagnosis.message
    assert f"Hint: {first.diagnosis.hint}\nSchedule:" in first.diagnosis.message
    assert second == untagged  # no hint of the exercise for that kind: the generic one stays
    assert third == passing


def test_first_paragraph_skips_code() -> None:
    assert hints.first_paragraph("```python\nx = 1\n```\n\nThen   join\nit.\n\nMore.") == "Then join it."


def test_an_unknown_kind_in_the_table_is_a_bad_exercise(tmp_path: Path) -> None:
    folder = tmp_path / "exercises" / "01_x"
    folder.mkdir(parents=True)
    (folder / "exercise.toml").write_text(
        'id = "exercise-01"\nslug = "x"\ntitle = "X"\npoints = 1\nsubmission = "x.py"\n[hints]\ndeadlok = [1]\n',
        encoding="utf-8",
    )
    with pytest.raises(catalog.BadExercise, match="deadlok"):
        catalog.load_catalog(tmp_path)
