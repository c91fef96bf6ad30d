"""Checks that the child's reports can be trusted: expected test IDs and canary tests.

The expected IDs are collected in a clean child that sees the exercise's stub, never the submission, so a
submission cannot make tests vanish: every expected test must report or it counts as failed. Canaries are two
tests the grader writes into the workspace at grading time, with random names in random test folders: one
that must pass and one that must fail. If a canary reports the wrong outcome (a submission that patched
pytest to pass everything, say) or the run finished without it, no report of that run is trusted and the
verdict is `tampering`.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import secrets
import sys
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.workspace import Workspace

PASSING_BODY = "total = sum(range(5))\n    assert total == 10, total\n"
FAILING_BODY = "total = sum(range(5))\n    assert total == 11, total\n"
_expected_cache: dict[tuple[str, ...], dict[str, float]] = {}


@dataclass(frozen=True)
class Canary:
    """One planted test and the outcome it must report."""

    path: str  # relative to the workspace, e.g. tests/hidden/test_3fa9c1d2.py
    function: str
    should_pass: bool

    @property
    def nodeid(self) -> str:
        return f"{self.path}::{self.function}"


def plant(ws: Workspace, groups: Sequence[str]) -> list[Canary]:
    """Write a passing and a failing canary into randomly chosen test folders of `ws`."""
    canaries: list[Canary] = []
    choices = list(groups) or ["tests"]
    for should_pass in (True, False):
        folder = secrets.choice(choices)
        path = f"{folder}/test_{secrets.token_hex(4)}.py"
        function = f"test_{secrets.token_hex(4)}"
        body = PASSING_BODY if should_pass else FAILING_BODY
        (ws.root / path).write_text(f"def {function}():\n    {body}", encoding="utf-8")
        canaries.append(Canary(path, function, should_pass))
    return canaries


def cache_key(ws: Workspace, select: Sequence[str]) -> tuple[str, ...]:
    """Expected IDs depend only on the test files and the selection (canaries not yet planted), and on what
    collects them: the interpreter, pytest and the grader's plugins. Hash all of it."""
    digest = hashlib.sha256(_collector_identity())
    for path in sorted(ws.tests_dir.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(ws.root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return (digest.hexdigest(), *select)


@functools.cache
def _collector_identity() -> bytes:
    parts = [sys.version, importlib.metadata.version("pytest")]
    for module in ("grader.plugin", "grader.explorer.plugin"):
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec is not None else None
        parts.append(Path(origin).read_text(encoding="utf-8") if origin else module)
    return "\0".join(parts).encode()


def cached_expected(key: tuple[str, ...], *, disk: bool) -> dict[str, float] | None:
    """Expected node IDs and their weights, in collection order, if this process collected them already or, with
    `disk`, an earlier one did: a learner's `grade` then starts one pytest child, not two.

    Only pass `disk` when no child of any grading can write the cache folder (bubblewrap's read-only root): a
    child running as the grader's own user could plant an entry that leaves tests out, and tests nobody expects
    cannot go missing.
    """
    found = _expected_cache.get(key)
    if found is None and disk:
        found = _read_disk(key)
        if found is not None:
            _expected_cache[key] = found
    return dict(found) if found is not None else None


def remember_expected(key: tuple[str, ...], weights: Mapping[str, float], *, disk: bool) -> None:
    _expected_cache[key] = dict(weights)
    if disk:
        _write_disk(key, weights)


def cache_dir() -> Path:
    """Where collected test IDs are kept between runs: $XDG_CACHE_HOME (or ~/.cache) / concurrency-kata."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "concurrency-kata" / "expected"


def _disk_path(key: tuple[str, ...]) -> Path:
    name = hashlib.sha256("\0".join(key).encode()).hexdigest()
    return cache_dir() / f"{name}.json"


def _read_disk(key: tuple[str, ...]) -> dict[str, float] | None:
    """The entry for `key`, or None when there is none, or it is unreadable, malformed, or for another key."""
    try:
        data = json.loads(_disk_path(key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != list(key) or not isinstance(data.get("weights"), dict):
        return None
    weights = data["weights"]
    if not all(isinstance(k, str) and isinstance(v, (int, float)) for k, v in weights.items()):
        return None
    return {k: float(v) for k, v in weights.items()}


def _write_disk(key: tuple[str, ...], weights: Mapping[str, float]) -> None:
    """Best effort (a read-only home, a full disk: the next run collects again), atomic (no torn entry)."""
    path = _disk_path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{secrets.token_hex(4)}.tmp")
        tmp.write_text(json.dumps({"key": list(key), "weights": dict(weights)}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def check_canaries(
    canaries: Sequence[Canary],
    reports: Mapping[str, Mapping[str, Any]],
    finished: bool,
    expected: Sequence[str] = (),
) -> str:
    """What is wrong with the canaries' reports ("" when nothing is). `expected`: the exercise's own tests;
    the canaries run last, so a run that stopped before one of those (a KeyboardInterrupt ends pytest's
    session) never reached them either."""
    names = {canary.nodeid for canary in canaries}
    # A run whose own tests failed or never reported cannot be passed off as good (every missing report is a
    # failure): a missing or failed must-pass control there is a broken run (pytest's internal error after an
    # unbounded recursion, a wrecked interpreter), and the other verdicts say why. A must-fail control that
    # passes is always tampering.
    own = [str(r.get("outcome")) for nodeid, r in reports.items() if nodeid not in names]
    broken = not own or any(outcome != "pass" for outcome in own) or any(n not in reports for n in expected)
    for canary in canaries:
        report = reports.get(canary.nodeid)
        if report is None:
            if finished and not broken:
                return "a control test the grader added never reported, although the run finished"
            continue  # the run ended early or broke: the crash, timeout or error verdicts say why
        outcome = str(report.get("outcome"))
        if canary.should_pass and outcome not in ("pass", "timeout") and not broken:
            return f"a control test that must pass reported {outcome!r}"
        if not canary.should_pass and outcome == "pass":
            return "a control test that must fail reported a pass"
    return ""


def is_canary(nodeid: str, canaries: Sequence[Canary]) -> bool:
    return any(nodeid in (canary.nodeid, canary.path) for canary in canaries)


def module_of(nodeid: str) -> str:
    return nodeid.partition("::")[0]


def workspace_paths(canaries: Sequence[Canary], root: Path) -> list[Path]:
    return [root / canary.path for canary in canaries]
