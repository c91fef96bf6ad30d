"""Synthetic classes for the batch tests: a two-exercise copy of the fixture catalogue and learner folders."""

from __future__ import annotations

import shutil
from pathlib import Path

RESOURCES = Path(__file__).parent / "resources"
ADDER = RESOURCES / "root" / "solutions" / "01_adder"
HOSTILE = RESOURCES / "submissions"
FLOOD = '"""Floods stdout on large numbers."""\n\nimport sys\n\n\ndef add(a, b):\n    if a > 100:\n        while True:\n            sys.stdout.write("x" * 65536)\n    return a + b\n'

# learner -> file per exercise ("exercise-01", "exercise-02"): reference, wrong, crash, hang, flood
SOURCES = {
    "reference": ADDER / "adder.py",
    "alt": ADDER / "alt" / "adder_sum.py",
    "wrong": ADDER / "wrong" / "subtracts.py",
    "hangs": ADDER / "wrong" / "hangs.py",
    "exits": HOSTILE / "exits.py",
    "segfaults": HOSTILE / "segfaults.py",
}


def two_exercise_root(tmp_path: Path) -> Path:
    """The fixture catalogue plus a second copy of `adder` as exercise-02 (`02_adder_again`)."""
    root = tmp_path / "root"
    shutil.copytree(RESOURCES / "root", root, ignore=shutil.ignore_patterns("__pycache__"))
    again = root / "exercises" / "02_adder_again"
    shutil.copytree(root / "exercises" / "01_adder", again)
    toml = (again / "exercise.toml").read_text().replace('"exercise-01"', '"exercise-02"')
    (again / "exercise.toml").write_text(toml.replace('slug = "adder"', 'slug = "adder-again"'))
    shutil.copytree(root / "solutions" / "01_adder", root / "solutions" / "02_adder_again")
    return root


def write_learner(folder: Path, files: dict[str, str]) -> None:
    """`files`: exercise folder name -> a key of SOURCES, "flood", or literal source text."""
    for exercise_folder, what in files.items():
        target = folder / "exercises" / exercise_folder / "adder.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        if what in SOURCES:
            shutil.copyfile(SOURCES[what], target)
        else:
            target.write_text(FLOOD if what == "flood" else what)


def make_class(folder: Path, learners: dict[str, dict[str, str]]) -> Path:
    for name, files in learners.items():
        write_learner(folder / name, files)
    return folder
