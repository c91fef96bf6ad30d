"""Which containment layers a grading gets: bubblewrap (L2) and a control group (L3) on top of L0 + L1.

`GRADER_ISOLATION` (or `grade --isolation`) picks the mode: `auto` uses every layer that works here and says
once, in one line, what it had to leave out; `full` insists on bubblewrap and a control group and fails loudly
without them; `fallback` uses neither (process hygiene and rlimits only). Bubblewrap is probed once per
process by running `bwrap ... true` with the same options a grading uses.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sys
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from grader import cgroups
from grader import sandbox
from grader.limits import Containment

MODE_ENV = "GRADER_ISOLATION"
MODES = ("auto", "full", "fallback")
SANDBOX_UID = 65534  # nobody, inside the sandbox's user namespace
# Folders hidden behind an empty tmpfs: other users' files, sockets of host services. What the child needs
# from them (the interpreter, the venv, the grader package, the workspace) is bound back read-only.
MASKED = ("/home", "/root", "/run", "/var/run", "/mnt", "/media", "/srv")
_notified: set[str] = set()
_default_mode: str | None = None


class IsolationUnavailable(RuntimeError):
    """`full` isolation was asked for but this machine cannot provide it."""


@dataclass
class Isolation:
    """The layers of one grading: a command prefix (bubblewrap or nothing) and a control group (or none)."""

    mode: str
    wrapper: list[str] = field(default_factory=list)
    group: cgroups.Group | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """`bwrap+cgroup`, `bwrap`, `cgroup` or `rlimits`: what actually contained the grading."""
        layers = [n for n, on in (("bwrap", bool(self.wrapper)), ("cgroup", self.group is not None)) if on]
        return "+".join(layers) or "rlimits"


def set_default(mode: str | None) -> None:
    """The mode used when a grading names none (the command line's `--isolation`)."""
    global _default_mode
    if mode is not None and mode not in MODES:
        raise ValueError(f"unknown isolation mode {mode!r} (choose from {', '.join(MODES)})")
    _default_mode = mode


def requested(mode: str | None = None) -> str:
    """The mode to use: the argument, else `--isolation`, else `$GRADER_ISOLATION`, else `auto`."""
    chosen = mode or _default_mode or os.environ.get(MODE_ENV) or "auto"
    if chosen not in MODES:
        raise IsolationUnavailable(f"{MODE_ENV}={chosen!r}: choose from {', '.join(MODES)}")
    return chosen


def _base_options(tmp_size: int) -> list[str]:
    options = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--size", str(tmp_size), "--tmpfs", "/tmp"]
    for folder in MASKED:
        if os.path.isdir(folder) and not os.path.islink(folder):
            options += ["--tmpfs", folder]
    return [
        *options,
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--uid",
        str(SANDBOX_UID),
        "--gid",
        str(SANDBOX_UID),
        "--cap-drop",
        "ALL",
    ]


def _runtime_paths() -> list[Path]:
    """What the child's interpreter needs to see: the interpreter, the venv and the grader package."""
    import grader

    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), Path(grader.__file__).parent}
    paths |= {Path(p) for p in sys.path if p.endswith(("site-packages", "dist-packages")) and Path(p).is_dir()}
    return sorted({p.resolve() for p in paths if p.exists()})


def bwrap_command(
    workspace: Path, read_only: Sequence[Path], hidden: Sequence[Path], tmp_size: int, binary: str = "bwrap"
) -> list[str]:
    """The bubblewrap prefix: read-only root, private /tmp, no network but `lo`, own pid namespace; the
    workspace writable except `read_only`; `hidden` replaced by empty folders."""
    argv = [binary, *_base_options(tmp_size)]
    for path in _runtime_paths():
        argv += ["--ro-bind", str(path), str(path)]
    for path in hidden:
        if path.is_dir():
            argv += ["--tmpfs", str(path.resolve())]
    argv += ["--bind", str(workspace), str(workspace)]
    for path in read_only:
        if path.exists():
            argv += ["--ro-bind", str(path), str(path)]
    return [*argv, "--chdir", str(workspace), "--"]


@functools.cache
def bwrap_problem() -> str:
    """Why bubblewrap cannot be used here ("" when it can), found by running `bwrap ... true` once."""
    binary = shutil.which("bwrap")
    if binary is None:
        return "bubblewrap (bwrap) is not installed"
    probe = [binary, *_base_options(1 << 20), "--", "true"]
    ended = sandbox.run(probe, cwd=Path("/"), env={"PATH": os.defpath}, wall_timeout=10)
    if ended.returncode != 0:
        detail = ended.stderr.strip().splitlines()[-1:] or [f"exit code {ended.returncode}"]
        return f"bubblewrap does not work here ({detail[0]})"
    return ""


def full_problem() -> str:
    """Why `--isolation full` cannot work here ("" when it can): bubblewrap must run and a control group be made."""
    problem = bwrap_problem()
    if problem:
        return problem
    group, why = cgroups.create(64 << 20, 16)
    if group is None:
        return why
    group.remove()
    return ""


def notify(message: str) -> None:
    """Say once per process, in one line on stderr, which layer a grading had to do without."""
    if message not in _notified:
        _notified.add(message)
        print(f"grade: notice: {message}", file=sys.stderr)


@contextlib.contextmanager
def prepare(
    mode: str | None,
    containment: Containment,
    workspace: Path,
    *,
    read_only: Sequence[Path] = (),
    hidden: Sequence[Path] = (),
) -> Iterator[Isolation]:
    """Set up the layers for one grading, and tear the control group down afterwards."""
    chosen = requested(mode)
    isolation = Isolation(chosen)
    if chosen == "fallback":
        yield isolation
        return
    problem = bwrap_problem()
    if problem:
        isolation.missing.append(problem)
    else:
        binary = shutil.which("bwrap") or "bwrap"
        isolation.wrapper = bwrap_command(workspace, read_only, hidden, containment.tmp_size, binary)
    group, why = cgroups.create(containment.memory, containment.pids)
    if group is None:
        isolation.missing.append(why)
    isolation.group = group
    try:
        if isolation.missing:
            text = "; ".join(isolation.missing)
            if chosen == "full":
                raise IsolationUnavailable(f"full isolation was requested but {text}")
            notify(f"grading with {isolation.name} only: {text}")
        yield isolation
    finally:
        if group is not None:
            group.remove()
