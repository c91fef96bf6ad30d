from __future__ import annotations

from pathlib import Path

import pytest

from grader import catalog


def test_loads_the_fixture_exercise(fixture_root: Path) -> None:
    (exercise,) = catalog.load_catalog(fixture_root)
    assert exercise.id == "exercise-01"
    assert exercise.number == 1
    assert exercise.slug == "adder"
    assert exercise.points == 10
    assert exercise.module == "adder"
    assert exercise.stub == fixture_root / "exercises" / "01_adder" / "adder.py"
    assert exercise.solutions == fixture_root / "solutions" / "01_adder"
    assert exercise.limits == catalog.Limits(test_timeout=2, wall_timeout=60)


@pytest.mark.parametrize("name", ["exercise-01", "01", "1", "adder", "01_adder", " 1 "])
def test_resolves_every_spelling(fixture_root: Path, name: str) -> None:
    assert catalog.resolve(catalog.load_catalog(fixture_root), name).id == "exercise-01"


@pytest.mark.parametrize("name", ["exercise-02", "2", "subtractor", ""])
def test_unknown_names_are_usage_errors(fixture_root: Path, name: str) -> None:
    with pytest.raises(catalog.UnknownExercise, match="unknown exercise"):
        catalog.resolve(catalog.load_catalog(fixture_root), name)


def test_root_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(catalog.ROOT_ENV, str(tmp_path / "from-env"))
    assert catalog.find_root(tmp_path / "explicit") == (tmp_path / "explicit").resolve()
    assert catalog.find_root() == (tmp_path / "from-env").resolve()
    monkeypatch.delenv(catalog.ROOT_ENV)
    assert (catalog.find_root() / "grader").is_dir()


def test_missing_exercises_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(catalog.UsageError, match="no exercises/ folder"):
        catalog.load_catalog(tmp_path)


def test_bad_toml_names_the_exercise(tmp_path: Path) -> None:
    folder = tmp_path / "exercises" / "07_broken"
    folder.mkdir(parents=True)
    (folder / "exercise.toml").write_text('id = "exercise-07"\n')
    with pytest.raises(catalog.BadExercise, match="07_broken"):
        catalog.load_catalog(tmp_path)


def test_scoring_defaults_and_table(fixture_root: Path, tmp_path: Path) -> None:
    (exercise,) = catalog.load_catalog(fixture_root)
    assert exercise.scoring == catalog.Scoring(cap=0.6, property_tests=())
    root = tmp_path / "root"
    folder = root / "exercises" / "01_adder"
    folder.mkdir(parents=True)
    base = (fixture_root / "exercises" / "01_adder" / "exercise.toml").read_text()
    (folder / "exercise.toml").write_text(base + '\n[scoring]\ncap = 0.5\nproperty = ["test_*", "!test_api"]\n')
    (exercise,) = catalog.load_catalog(root)
    assert exercise.scoring == catalog.Scoring(cap=0.5, property_tests=("test_*", "!test_api"))
    (folder / "exercise.toml").write_text(base + "\n[scoring]\ncap = 1.5\n")
    with pytest.raises(catalog.BadExercise, match=r"scoring\.cap"):
        catalog.load_catalog(root)


def test_every_property_pattern_names_a_real_test() -> None:
    """A typo in `[scoring] property` would silently leave a bug uncapped."""
    import re

    from grader import scoring

    root = Path(__file__).resolve().parent.parent
    for exercise in catalog.load_catalog(root):
        names = {
            match[1]
            for path in (exercise.folder / "tests").rglob("test_*.py")
            for match in re.finditer(r"^(?:async )?def (test_\w+)", path.read_text(encoding="utf-8"), re.M)
        }
        for pattern in exercise.scoring.property_tests:
            if not pattern.startswith("!"):  # a left-out pattern may match nothing: it leaves nothing uncapped
                assert any(scoring.is_property(name, (pattern,)) for name in names), (exercise.id, pattern)
