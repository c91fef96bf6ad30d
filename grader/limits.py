"""Containment limits of one grading: defaults, and per-exercise overrides from `exercise.toml` [limits].

The catalogue reads the time limits (`test_timeout`, `wall_timeout`); this module reads the resource keys of
the same table (docs/contracts.md section 1), so that the sandbox's knobs live next to the sandbox.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIB = 1 << 20


@dataclass(frozen=True)
class Containment:
    """What one grading may use. Sizes are in bytes; `None` turns a limit off."""

    memory: int = 512 * MIB  # cgroup memory (+swap) of the whole process tree (L3)
    pids: int = 256  # cgroup pids: processes and threads of the whole tree (L3)
    address_space: int | None = 4096 * MIB  # RLIMIT_AS per process: a backstop when there is no cgroup (L1)
    cpu_seconds: int | None = None  # RLIMIT_CPU per process; None: the wall limit plus 30 s
    file_size: int = 16 * MIB  # RLIMIT_FSIZE: the largest file a process may write
    open_files: int = 256  # RLIMIT_NOFILE
    output: int = 1 * MIB  # captured stdout and stderr each, head and tail kept; more kills the run
    tmp_size: int = 64 * MIB  # the private /tmp of the bubblewrap sandbox (L2)

    def rlimit_cpu(self, wall_timeout: float) -> int:
        return self.cpu_seconds if self.cpu_seconds is not None else int(wall_timeout) + 30


# exercise.toml key -> (field, multiplier): sizes are written in MiB.
KEYS: dict[str, tuple[str, int]] = {
    "memory_mib": ("memory", MIB),
    "pids": ("pids", 1),
    "address_space_mib": ("address_space", MIB),
    "cpu_seconds": ("cpu_seconds", 1),
    "file_size_mib": ("file_size", MIB),
    "open_files": ("open_files", 1),
    "output_kib": ("output", 1024),
    "tmp_mib": ("tmp_size", MIB),
}


def from_table(table: dict[str, Any], base: Containment | None = None) -> Containment:
    """Apply the resource keys of an [limits] table; unknown keys are left to the catalogue."""
    changes: dict[str, Any] = {}
    for key, (name, unit) in KEYS.items():
        if key not in table:
            continue
        value = table[key]
        if value is False or (value == 0 and name == "address_space"):
            changes[name] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ValueError(f"[limits] {key} must be a positive number, got {value!r}")
        changes[name] = int(value * unit)
    return dataclasses.replace(base or Containment(), **changes)


def for_exercise(folder: Path) -> Containment:
    """The containment limits of the exercise in `folder` (defaults where `exercise.toml` says nothing)."""
    try:
        data = tomllib.loads((folder / "exercise.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return Containment()
    table = data.get("limits", {})
    return from_table(table if isinstance(table, dict) else {})
