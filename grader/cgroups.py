"""A control group per grading (L3): memory and pids limits for the whole tree, OOM and pids-limit detection,
and a teardown that leaves no process behind.

Groups are created below the grader's own group in each hierarchy, so the limits nest inside whatever limits
the grader itself runs under. cgroup v1 (`memory`, `pids`) and v2 are both handled, also the hybrid layout
where v1 controllers do the limiting and the v2 hierarchy only offers `cgroup.kill`. Nothing here raises for
a missing or read-only hierarchy: `create` returns `None` with the reason instead.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import secrets
import signal
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from grader import timing

V1_CONTROLLERS = ("memory", "pids")
_counter = itertools.count()


@dataclass
class Group:
    """One grading's control groups: `dirs` maps "memory"/"pids" (v1) or "unified" (v2) to a directory."""

    dirs: dict[str, Path]
    limited: bool  # memory and pids limits are in force (not just a v2 group for killing)
    procs_files: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.procs_files = [os.fsencode(path / "cgroup.procs") for path in self.dirs.values()]

    def attach_self(self) -> None:
        """Move the calling process into every group; called in the child between fork and exec."""
        for name in self.procs_files:
            fd = os.open(name, os.O_WRONLY)
            try:
                os.write(fd, b"0")
            finally:
                os.close(fd)

    def pids(self) -> set[int]:
        found: set[int] = set()
        for path in self.dirs.values():
            with contextlib.suppress(OSError, ValueError):
                found.update(int(line) for line in (path / "cgroup.procs").read_text().split())
        return found

    def signal_all(self, signum: int) -> None:
        for pid in self.pids():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signum)

    def kill(self, timeout: float = 2.0) -> None:
        """Kill every process in the groups (`cgroup.kill` where there is one) until none is left."""
        unified = self.dirs.get("unified")
        if unified is not None:
            with contextlib.suppress(OSError):
                (unified / "cgroup.kill").write_text("1")
        deadline = timing.monotonic() + timeout
        while self.pids() and timing.monotonic() < deadline:
            self.signal_all(signal.SIGKILL)
            timing.sleep(0.005)

    def _count(self, filename: str, key: str) -> int:
        for path in self.dirs.values():
            try:
                text = (path / filename).read_text()
            except OSError:
                continue
            for line in text.splitlines():
                name, _, value = line.partition(" ")
                if name == key and value.strip().isdigit():
                    return int(value)
        return 0

    def oom_killed(self) -> bool:
        """Whether the kernel killed a process of the group for running out of its memory limit."""
        return self._count("memory.oom_control", "oom_kill") > 0 or self._count("memory.events", "oom_kill") > 0

    def pids_limit_hit(self) -> bool:
        """Whether a fork or thread start failed because of the pids limit."""
        return self._count("pids.events", "max") > 0

    def peak_memory(self) -> int:
        for path in self.dirs.values():
            for name in ("memory.max_usage_in_bytes", "memory.peak"):
                with contextlib.suppress(OSError, ValueError):
                    return int((path / name).read_text())
        return 0

    def remove(self) -> None:
        """Kill what is left and remove the directories (retrying while the kernel releases them)."""
        self.kill()
        for path in self.dirs.values():
            for _attempt in range(100):
                try:
                    path.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError as exc:
                    if exc.errno != errno.EBUSY:
                        break
                    timing.sleep(0.01)


def _own_groups() -> tuple[dict[str, str], str | None]:
    """The grader's own group per v1 controller, and its v2 path."""
    v1: dict[str, str] = {}
    v2: str | None = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _id, controllers, path = line.split(":", 2)
            if controllers == "":
                v2 = path
            for name in controllers.split(","):
                v1[name] = path
    return v1, v2


def _mounts() -> tuple[dict[str, Path], Path | None]:
    """Mount points of the v1 hierarchies per controller, and of the v2 hierarchy."""
    v1: dict[str, Path] = {}
    v2: Path | None = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/mounts").read_text().splitlines():
            parts = line.split()
            if len(parts) < 4:
                continue
            if parts[2] == "cgroup2":
                v2 = Path(parts[1])
            elif parts[2] == "cgroup":
                for option in parts[3].split(","):
                    v1.setdefault(option, Path(parts[1]))
    return v1, v2


def _make(parent: Path, name: str) -> Path:
    path = parent / name
    path.mkdir()
    return path


def _write(path: Path, value: int | str) -> None:
    path.write_text(str(value))


def create(memory: int, pids: int) -> tuple[Group | None, str]:
    """Create the groups for one grading; returns `(None, why)` where the hierarchy is missing or read-only."""
    name = f"grader-{os.getpid()}-{next(_counter)}-{secrets.token_hex(3)}"
    own_v1, own_v2 = _own_groups()
    mounts_v1, mount_v2 = _mounts()
    dirs: dict[str, Path] = {}
    limited = False
    try:
        if all(c in mounts_v1 and c in own_v1 for c in V1_CONTROLLERS):
            memory_dir = _make(mounts_v1["memory"] / own_v1["memory"].lstrip("/"), name)
            dirs["memory"] = memory_dir
            _write(memory_dir / "memory.limit_in_bytes", memory)
            with contextlib.suppress(OSError):  # absent without swap accounting
                _write(memory_dir / "memory.memsw.limit_in_bytes", memory)
            pids_dir = _make(mounts_v1["pids"] / own_v1["pids"].lstrip("/"), name)
            dirs["pids"] = pids_dir
            _write(pids_dir / "pids.max", pids)
            limited = True
        if mount_v2 is not None and own_v2 is not None:
            parent = mount_v2 / own_v2.lstrip("/")
            wanted = not limited and {"memory", "pids"} <= set(_read(parent / "cgroup.subtree_control").split())
            if limited or wanted or (parent / "cgroup.kill").exists():
                try:
                    unified = _make(parent, name)
                except OSError:
                    unified = None
                if unified is not None:
                    dirs["unified"] = unified
                    if wanted:
                        _write(unified / "memory.max", memory)
                        with contextlib.suppress(OSError):
                            _write(unified / "memory.swap.max", 0)
                        _write(unified / "pids.max", pids)
                        limited = True
    except OSError as exc:
        Group(dirs, False).remove()
        return None, f"cannot set up a control group ({exc.strerror or exc})"
    if not limited:
        Group(dirs, False).remove()
        return None, "no writable memory and pids control groups"
    return Group(dirs, limited), ""


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""
