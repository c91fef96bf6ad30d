from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from grader import catalog
from grader import cli
from grader import pinning
from grader import release
from grader.errors import UsageError

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_wheel_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in wheel: building the real one needs PyPI (test_release_install builds and installs it)."""

    def build(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        wheel = folder / "concurrency_kata_grader-0.1.0-py3-none-any.whl"
        wheel.write_bytes(b"a stand-in for the grader's wheel")
        return wheel

    monkeypatch.setattr(pinning, "build_wheel", build)


def _listing(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())


def test_the_real_handout_holds_what_learners_need_and_nothing_withheld(tmp_path: Path) -> None:
    out = tmp_path / "handout"
    assert cli.main(["release", "--out", str(out), "--root", str(REPO)]) == 0
    exercises = catalog.load_catalog(REPO)
    listing = _listing(out)
    for exercise in exercises:
        base = f"exercises/{exercise.folder.name}"
        assert f"{base}/{exercise.submission}" in listing and f"{base}/exercise.toml" in listing
        for doc in ("instructions.md", "hints.md", "instructions.zh.md", "hints.zh.md"):
            assert (f"{base}/{doc}" in listing) == (exercise.folder / doc).is_file()
        visible = sorted(p.name for p in (exercise.folder / "tests" / "visible").glob("*.py"))
        assert visible and all(f"{base}/tests/visible/{name}" in listing for name in visible)
    # Nothing withheld: no hidden folder, no solutions, and no file with the bytes of a hidden test or a solution.
    assert not [path for path in listing if "hidden" in path.split("/") or path.startswith("solutions")]
    secret = {p.read_bytes() for p in release.withheld(exercises)}
    # Bytes that are public anyway: stubs, and helper modules shipped identically in visible/ and hidden/.
    public = {e.stub.read_bytes() for e in exercises}
    public |= {p.read_bytes() for e in exercises for p in (e.folder / "tests" / "visible").rglob("*.py")}
    assert not [path for path in listing if (out / path).read_bytes() in secret - public]
    assert release.leaks(out, exercises) == []
    assert {"README.md", "pyproject.toml", "requirements.txt", ".github/workflows/grade.yml"} <= set(listing)
    project = tomllib.loads((out / "pyproject.toml").read_text())
    # Nothing is fetched by the grader's name from an index: it is on none, and anyone could register it.
    assert project["project"]["dependencies"] == []
    workflow = (out / ".github/workflows/grade.yml").read_text()
    assert "secrets.GRADER_TESTS_TOKEN" in workflow and "grade ci" in workflow and "--root .grader-tests" in workflow


def test_the_handout_pins_the_grading_environment(tmp_path: Path, fixture_root: Path) -> None:
    out = tmp_path / "handout"
    release.release(catalog.load_catalog(fixture_root), out)
    lines = [line for line in (out / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    wheel, *pins = lines
    assert wheel.startswith("./wheels/concurrency_kata_grader-") and (out / wheel).is_file()
    constraints = pinning.read_constraints(REPO / "constraints.txt")
    assert pins and all(canonicalize_name(p.split("==")[0]) in constraints for p in pins)
    assert all(constraints[canonicalize_name(p.split("==")[0])] == p.split("==")[1] for p in pins)
    assert {"pytest", "pytest-timeout", "jinja2", "rich"} <= {canonicalize_name(p.split("==")[0]) for p in pins}
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    workflow = (out / ".github/workflows/grade.yml").read_text()
    assert f'python-version: "{minor}"' in workflow and "working-directory: submission" in workflow
    assert (out / ".python-version").read_text() == minor + "\n"
    assert tomllib.loads((out / "pyproject.toml").read_text())["project"]["requires-python"] == f"=={minor}.*"
    assert ".grade/" in (out / ".gitignore").read_text().splitlines()
    text = (out / ".devcontainer/devcontainer.json").read_text()
    devcontainer = json.loads("\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")))
    assert (
        devcontainer["build"]["dockerfile"] == "Dockerfile" and "requirements.txt" in devcontainer["postCreateCommand"]
    )
    dockerfile = (out / ".devcontainer/Dockerfile").read_text()
    assert "bookworm" in dockerfile and "bubblewrap" in dockerfile
    assert "python3-venv" in dockerfile if minor == "3.11" else f"python:{minor}-" in dockerfile


def test_pins_refuse_stale_constraints(tmp_path: Path) -> None:
    constraints = pinning.read_constraints(REPO / "constraints.txt")
    del constraints["pytest"]
    with pytest.raises(UsageError, match=r"pytest .*not in constraints\.txt"):
        pinning.runtime_pins(constraints)
    constraints = {**pinning.read_constraints(REPO / "constraints.txt"), "rich": "0.0.1"}
    with pytest.raises(UsageError, match=r"rich .* pins 0\.0\.1"):
        pinning.runtime_pins(constraints)
    (tmp_path / "c.txt").write_text("pytest>=8\n")
    with pytest.raises(UsageError, match="not an exact pin"):
        pinning.read_constraints(tmp_path / "c.txt")


def test_leaks_finds_a_hidden_test_slipped_in_under_another_name(tmp_path: Path, fixture_root: Path) -> None:
    exercises = catalog.load_catalog(fixture_root)
    out = tmp_path / "handout"
    release.release(exercises, out)
    hidden = fixture_root / "exercises" / "01_adder" / "tests" / "hidden" / "test_adder_hidden.py"
    (out / "exercises" / "01_adder" / "notes.py").write_bytes(hidden.read_bytes())
    wrong = fixture_root / "solutions" / "01_adder" / "wrong" / "subtracts.py"
    (out / "extra.py").write_bytes(wrong.read_bytes())
    assert len(release.leaks(out, exercises)) == 2


def test_release_refuses_a_folder_in_use(tmp_path: Path, fixture_root: Path) -> None:
    (tmp_path / "x").write_text("mine")
    with pytest.raises(UsageError, match="not empty"):
        release.release(catalog.load_catalog(fixture_root), tmp_path)


def test_the_handout_grades_with_its_visible_tests(tmp_path: Path, fixture_root: Path) -> None:
    out = tmp_path / "handout"
    release.release(catalog.load_catalog(fixture_root), out)
    solution = fixture_root / "solutions" / "01_adder" / "adder.py"
    (out / "exercises" / "01_adder" / "adder.py").write_bytes(solution.read_bytes())
    assert cli.main(["01", "--root", str(out), "--json", str(tmp_path / "r.json")]) == 0
