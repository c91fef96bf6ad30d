"""What the handout installs: the grader's wheel, built from this checkout, and its dependencies pinned.

The pins come from `constraints.txt` at the checkout's root, the versions the grader is tested with; the
dependencies pinned are those the grader needs at run time (its requirements, followed through the installed
distributions' metadata, markers evaluated here), so a handout's pins always equal the constraints.
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from grader.errors import UsageError

PACKAGE = "concurrency-kata-grader"
CHECKOUT = Path(__file__).resolve().parent.parent
CONSTRAINTS = "constraints.txt"
REGENERATE = "regenerate constraints.txt (the command is in its first lines)"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")
# What the wheel is built from; nothing else of the checkout goes into it.
_SOURCES = ("pyproject.toml", "README.md", "grader")


def constraints_file() -> Path:
    """The checkout's constraints file; a usage error when the grader does not run from a checkout that has one."""
    path = CHECKOUT / CONSTRAINTS
    if not path.is_file():
        raise UsageError(
            f"{CONSTRAINTS} not found beside the grader package: grade release needs the grader's checkout"
        )
    return path


def read_constraints(path: Path) -> dict[str, str]:
    """`name==version` lines by canonical name (comments and blank lines skipped; anything else is an error)."""
    pins: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _PIN.match(line)
        if match is None:
            raise UsageError(f"{path.name}:{number}: not an exact pin (name==version): {line}")
        pins[canonicalize_name(match[1])] = match[2]
    return pins


def _requires(name: str, extras: frozenset[str]) -> list[Requirement]:
    try:
        declared = importlib.metadata.requires(name) or []
    except importlib.metadata.PackageNotFoundError as exc:
        raise UsageError(f"{name} is not installed here, so its dependencies are unknown; {REGENERATE}") from exc
    found = []
    for text in declared:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": extra}) for extra in extras or {""}):
            found.append(requirement)
    return found


def runtime_pins(constraints: dict[str, str]) -> list[str]:
    """`name==version` of every distribution the installed grader needs at run time, versions from `constraints`.

    A needed distribution missing from the constraints, or installed here at another version than pinned (so
    this grading does not run what the handout would install), is a usage error that says to regenerate them.
    """
    pins: dict[str, str] = {}
    todo = [(PACKAGE, frozenset[str]())]
    while todo:
        name, extras = todo.pop()
        for requirement in _requires(name, extras):
            key = canonicalize_name(requirement.name)
            todo.append((requirement.name, frozenset(requirement.extras)))
            if key in pins:
                continue
            if key not in constraints:
                raise UsageError(f"{requirement.name} (needed by {name}) is not in {CONSTRAINTS}; {REGENERATE}")
            installed = importlib.metadata.version(requirement.name)
            if installed != constraints[key]:
                raise UsageError(
                    f"{requirement.name} {installed} is installed but {CONSTRAINTS} pins {constraints[key]}: "
                    f"install with `pip install -c {CONSTRAINTS} ...` or {REGENERATE}"
                )
            pins[key] = f"{requirement.name}=={constraints[key]}"
    return [pins[key] for key in sorted(pins)]


def build_wheel(folder: Path) -> Path:
    """Build the grader's wheel from this checkout (`pip wheel --no-deps`) into `folder`; return its path.

    The sources are copied to a temporary folder first, so the build leaves nothing in the checkout.
    """
    if not (CHECKOUT / "pyproject.toml").is_file():
        raise UsageError("the grader's pyproject.toml is not beside its package: grade release needs its checkout")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="grader-wheel-") as scratch:
        source = Path(scratch) / "source"
        source.mkdir()
        for name in _SOURCES:
            if (CHECKOUT / name).is_dir():
                ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
                shutil.copytree(CHECKOUT / name, source / name, ignore=ignore)
            else:
                shutil.copyfile(CHECKOUT / name, source / name)
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", scratch, str(source)]
        try:
            ended = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RuntimeError(f"building the grader's wheel failed: {exc}") from exc
        if ended.returncode != 0:
            raise RuntimeError(f"building the grader's wheel failed ({' '.join(command)}):\n{ended.stderr.strip()}")
        built = sorted(Path(scratch).glob("*.whl"))
        if len(built) != 1:
            raise RuntimeError(f"building the grader's wheel made {len(built)} wheels, not one")
        target = folder / built[0].name
        shutil.copyfile(built[0], target)
    return target
