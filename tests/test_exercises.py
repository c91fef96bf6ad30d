"""Every exercise in the catalogue passes `grade verify`: solutions pass, the stub and wrong ones do not."""

from __future__ import annotations

import pytest

from grader import catalog
from grader import cli

EXERCISES = [exercise.id for exercise in catalog.load_catalog(catalog.find_root())]


def test_the_catalogue_is_not_empty() -> None:
    assert EXERCISES


@pytest.mark.timeout(1200)  # a whole exercise: every solution and wrong variant, each in its own sandbox
@pytest.mark.parametrize("exercise", EXERCISES)
def test_exercise_verifies(exercise: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["verify", exercise])
    out = capsys.readouterr().out
    assert code == 0, out
