"""The handout installs and grades on a machine that has only it: a fresh venv, no access to this checkout."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from grader import catalog
from grader import release

REPO = Path(__file__).resolve().parent.parent


def _pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
    except OSError:
        return False
    return True


def _run(argv: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def test_a_handout_installs_in_a_fresh_venv_and_grades_there(tmp_path: Path, fixture_root: Path) -> None:
    if not _pypi_reachable():
        pytest.skip("PyPI (pypi.org:443) is unreachable: the handout's pinned dependencies cannot be installed")
    built = tmp_path / "built"
    release.release(catalog.load_catalog(fixture_root), built)
    # Only the handout goes to the "learner's machine": a copy elsewhere, the build folder removed.
    handout = tmp_path / "learner" / "handout"
    shutil.copytree(built, handout)
    shutil.rmtree(built)
    solution = fixture_root / "solutions" / "01_adder" / "adder.py"
    (handout / "exercises" / "01_adder" / "adder.py").write_bytes(solution.read_bytes())
    # No variable that could lead the new venv to this checkout or this venv.
    env = {"PATH": os.defpath, "HOME": os.environ.get("HOME", str(tmp_path)), "LANG": "C.UTF-8"}
    env.update({k: v for k, v in os.environ.items() if k.startswith("PIP_") and k != "PIP_CONSTRAINT"})
    venv = handout / ".venv"
    base = getattr(sys, "_base_executable", sys.executable)
    made = _run([base, "-m", "venv", str(venv)], handout, env)
    assert made.returncode == 0, made.stderr
    installed = _run([str(venv / "bin" / "pip"), "install", "-q", "-r", "requirements.txt"], handout, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    where = _run([str(venv / "bin" / "python"), "-c", "import grader; print(grader.__file__)"], handout, env)
    package = Path(where.stdout.strip()).resolve()
    assert package.is_relative_to(venv.resolve()) and not package.is_relative_to(REPO), package
    frozen = _run([str(venv / "bin" / "pip"), "freeze"], handout, env).stdout.splitlines()
    constraints = set((REPO / "constraints.txt").read_text().splitlines())
    # Every distribution installed is at the version of the constraints (the grader is the shipped wheel).
    assert not [line for line in frozen if not line.startswith("concurrency-kata-grader") and line not in constraints]
    graded = _run([str(venv / "bin" / "grade"), "01", "--root", ".", "--json", "r.json"], handout, env)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    result = json.loads((handout / "r.json").read_text())
    assert result["full_marks"] and result["score"] == result["max_score"] > 0
    assert result["environment"]["grader"] == "0.1.0"
