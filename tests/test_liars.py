"""No exercise's tests can be talked into points by objects that claim to equal anything.

For every exercise, `tests/liars.py` turns the stub into a module whose functions do no work and answer with
a `Lie` (an int subclass equal to everything, true, iterable, ...). Graded like any submission, it must miss
full marks and score at most `LIAR_SHARE` of the points. What it can still earn comes from tests that check
only the absence of a failure (nothing deadlocked, no thread left behind) or what a do-nothing function gets
right by construction (a deposit followed by a withdrawal of nothing leaves the balance as it was). Those are
a small part of every exercise: the value checks carry most of the points, and each of them must now fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

import liars
import pytest

from grader import catalog
from grader import runner

ROOT = catalog.find_root()
EXERCISES = catalog.load_catalog(ROOT)
LIAR_SHARE = 0.3


def lie_class() -> type:
    namespace: dict[str, object] = {}
    exec(compile(liars.LIE_CLASS, "<lie>", "exec"), namespace)
    lie = namespace["Lie"]
    assert isinstance(lie, type)
    return lie


def test_a_lie_claims_to_be_anything() -> None:
    lie = lie_class()()
    assert lie == 0 and lie == "text" and lie == [1, 2] and (lie != 0) is False
    assert lie < 0 and lie > 0 and bool(lie) and 3 in lie and len(list(lie)) == 3
    assert lie.anything() == 7 and lie["key"] == "value"
    assert isinstance(lie, int)  # isinstance is fooled; type() is not
    assert type(lie) is not int


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.id)
def test_the_liar_keeps_the_stubs_names_and_does_no_work(exercise: catalog.Exercise) -> None:
    stub = exercise.folder / exercise.submission
    source = liars.liar_source(stub)
    tree = ast.parse(source)
    names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}
    wanted = {
        node.name
        for node in ast.parse(stub.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }
    assert wanted <= names, f"{exercise.id}: the liar lacks {sorted(wanted - names)}"
    assert "TODO" not in source  # comments are gone with the bodies: nothing of the stub's work is left
    compile(source, str(stub), "exec")


@pytest.mark.timeout(600)  # one grading in its own sandbox; the exercise's wall limit is far below this
@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.id)
def test_a_lying_submission_earns_almost_nothing(exercise: catalog.Exercise, tmp_path: Path) -> None:
    liar = tmp_path / exercise.submission
    liar.write_text(liars.liar_source(exercise.folder / exercise.submission), encoding="utf-8")
    result = runner.grade(exercise, liar)
    passed = [test.name for test in result.tests if test.passed]
    assert not result.full_marks, f"{exercise.id}: a module of lies got full marks"
    assert result.score <= LIAR_SHARE * result.max_score, (
        f"{exercise.id}: a module of lies scored {result.score:g}/{result.max_score:g}, passing {passed}"
    )
