"""Starts, watches and reaps the child process: the only module that starts processes.

The child runs in its own session with stdin closed, a scrubbed environment and resource limits. Its stdout
and stderr are read concurrently with a cap each (head and tail kept), the grader's channel pipe is read as
lines arrive, and a hard wall-clock limit kills the whole process group (SIGTERM, then SIGKILL). Afterwards
the group is killed and, on Linux where the grader makes itself a child subreaper, orphaned grandchildren
that escaped the group (e.g. with setsid) are swept and reaped too.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import selectors
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from grader import timing

OUTPUT_CAP = 1 << 20
CHANNEL_CAP = 16 << 20
LINE_CAP = 1 << 20
TERM_GRACE = 0.5
DRAIN_GRACE = 1.0
KEPT_ENV = ("PATH", "LANG", "LC_ALL", "COVERAGE_PROCESS_START")
PR_SET_CHILD_SUBREAPER = 36

_active_lock = threading.Lock()
_active_pids: set[int] = set()


@dataclass(frozen=True)
class ResourceLimits:
    """Per-process rlimits applied in the child before exec."""

    cpu_seconds: int = 300
    file_size: int = 16 << 20
    open_files: int = 256


@dataclass
class Channel:
    """A pipe of the grader's own: the child writes events to `write_fd`, the grader reads `read_fd`."""

    read_fd: int
    write_fd: int
    write_open: bool = True

    def close_write(self) -> None:
        """Close the grader's copy of the write end, once, so the pipe reaches EOF when the child is gone."""
        if self.write_open:
            self.write_open = False
            with contextlib.suppress(OSError):
                os.close(self.write_fd)


@dataclass
class Capture:
    """One output stream, capped: the head and the tail are kept, the middle is counted."""

    cap: int = OUTPUT_CAP
    head: bytearray = field(default_factory=bytearray)
    tail: bytearray = field(default_factory=bytearray)
    total: int = 0

    @property
    def exceeded(self) -> bool:
        return self.total > self.cap

    def add(self, data: bytes) -> None:
        self.total += len(data)
        room = self.cap // 2 - len(self.head)
        if room > 0:
            self.head += data[:room]
            data = data[room:]
        if data:
            self.tail += data
            del self.tail[: max(0, len(self.tail) - self.cap // 2)]

    def text(self) -> str:
        dropped = self.total - len(self.head) - len(self.tail)
        middle = f"\n[... {dropped} bytes dropped ...]\n".encode() if dropped > 0 else b""
        return bytes(self.head + middle + self.tail).decode("utf-8", errors="replace")


@dataclass(frozen=True)
class SandboxResult:
    """How the child ended and what it printed."""

    returncode: int | None
    timed_out: bool
    output_limit: bool
    stdout: str
    stderr: str
    duration: float
    leftover_processes: int


@contextlib.contextmanager
def open_channel() -> Iterator[Channel]:
    """A pipe for the child's events; both ends are closed afterwards."""
    read_fd, write_fd = os.pipe()
    channel = Channel(read_fd, write_fd)
    try:
        yield channel
    finally:
        channel.close_write()
        with contextlib.suppress(OSError):
            os.close(read_fd)


def child_environment(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A scrubbed environment: a few variables kept, HOME and TMPDIR in the workspace, deterministic hashing."""
    env = {name: os.environ[name] for name in KEPT_ENV if name in os.environ}
    env.setdefault("PATH", os.defpath)
    env.update(
        HOME=str(home),
        TMPDIR=str(home),
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONFAULTHANDLER="1",
        MALLOC_ARENA_MAX="2",
    )
    env.update(extra or {})
    return env


def become_subreaper() -> bool:
    """Make orphaned descendants reparent to the grader so they can be swept (Linux only, best effort)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _limit_child(limits: ResourceLimits) -> Callable[[], None]:
    def apply() -> None:
        import resource

        def cap(which: int, value: int) -> None:
            _soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(which, (value, value if hard == resource.RLIM_INFINITY else hard))

        cap(resource.RLIMIT_CPU, limits.cpu_seconds)
        cap(resource.RLIMIT_FSIZE, limits.file_size)
        cap(resource.RLIMIT_NOFILE, limits.open_files)
        cap(resource.RLIMIT_CORE, 0)

    return apply


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


def _children_of(pid: int) -> list[int]:
    """Direct children of `pid`, from /proc (empty where /proc is missing)."""
    found: list[int] = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the fields start after the last ")".
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1 and fields[1] == str(pid):
            found.append(int(entry.name))
    return found


def sweep_orphans() -> int:
    """Kill and reap the grader's children that no running grading owns; return how many were found."""
    swept = 0
    for _round in range(5):
        with _active_lock:
            owned = set(_active_pids)
        orphans = [pid for pid in _children_of(os.getpid()) if pid not in owned]
        if not orphans:
            break
        for pid in orphans:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        for pid in orphans:
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, 0)
        swept += len(orphans)
    return swept


def run(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    wall_timeout: float,
    limits: ResourceLimits | None = None,
    channel: Channel | None = None,
    on_line: Callable[[bytes], None] | None = None,
    output_cap: int = OUTPUT_CAP,
) -> SandboxResult:
    """Run `argv` to completion or until `wall_timeout`, feeding each channel line to `on_line` as it arrives."""
    limits = limits or ResourceLimits(cpu_seconds=int(wall_timeout) + 30)
    subreaper = become_subreaper()
    pass_fds = (channel.write_fd,) if channel else ()
    started = timing.monotonic()
    try:
        process = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            pass_fds=pass_fds,
            preexec_fn=_limit_child(limits),
        )
    except OSError as exc:
        return SandboxResult(None, False, False, "", f"could not start the child: {exc}", 0.0, 0)
    with _active_lock:
        _active_pids.add(process.pid)
    try:
        if channel:
            channel.close_write()
        outcome = _watch(process, channel, on_line, wall_timeout, output_cap, started)
    finally:
        _signal_group(process.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        with _active_lock:
            _active_pids.discard(process.pid)
    leftover = sweep_orphans() if subreaper else 0
    stdout, stderr, timed_out, output_limit = outcome
    return SandboxResult(
        returncode=process.returncode,
        timed_out=timed_out,
        output_limit=output_limit,
        stdout=stdout.text(),
        stderr=stderr.text(),
        duration=timing.monotonic() - started,
        leftover_processes=leftover,
    )


def _watch(
    process: subprocess.Popen[bytes],
    channel: Channel | None,
    on_line: Callable[[bytes], None] | None,
    wall_timeout: float,
    output_cap: int,
    started: float,
) -> tuple[Capture, Capture, bool, bool]:
    """Read all streams until the child is gone and its pipes are drained, enforcing the limits."""
    assert process.stdout is not None and process.stderr is not None
    captures = {process.stdout.fileno(): Capture(output_cap), process.stderr.fileno(): Capture(output_cap)}
    channel_capture = Capture(CHANNEL_CAP)
    pending = bytearray()
    selector = selectors.DefaultSelector()
    for fd in captures:
        os.set_blocking(fd, False)
        selector.register(fd, selectors.EVENT_READ)
    if channel:
        os.set_blocking(channel.read_fd, False)
        selector.register(channel.read_fd, selectors.EVENT_READ)
    deadline = started + wall_timeout
    timed_out = output_limit = False
    exited_at: float | None = None
    term_sent_at: float | None = None
    try:
        while selector.get_map():
            now = timing.monotonic()
            if exited_at is None and process.poll() is not None:
                exited_at = now
                # Whatever the child left in its group must not keep the pipes open.
                _signal_group(process.pid, signal.SIGKILL)
            if exited_at is not None and now - exited_at > DRAIN_GRACE:
                break
            if exited_at is None and not timed_out and now >= deadline:
                timed_out = True
                term_sent_at = now
                _signal_group(process.pid, signal.SIGTERM)
            if term_sent_at is not None and now - term_sent_at >= TERM_GRACE:
                _signal_group(process.pid, signal.SIGKILL)
                term_sent_at = None
            wait = 0.05 if exited_at is not None or timed_out else min(0.2, max(deadline - now, 0.0))
            for key, _mask in selector.select(timeout=wait):
                fd = int(key.fd)
                try:
                    data = os.read(fd, 65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    selector.unregister(fd)
                    continue
                if fd in captures:
                    captures[fd].add(data)
                    if captures[fd].exceeded and not output_limit:
                        output_limit = True
                        _signal_group(process.pid, signal.SIGKILL)
                    continue
                channel_capture.add(data)
                if channel_capture.exceeded:
                    continue
                pending += data
                while (newline := pending.find(b"\n")) >= 0:
                    line = bytes(pending[:newline])
                    del pending[: newline + 1]
                    if on_line is not None and len(line) <= LINE_CAP:
                        on_line(line)
                if len(pending) > LINE_CAP:
                    pending.clear()
    finally:
        selector.close()
    if pending and on_line is not None:
        on_line(bytes(pending))
    return captures[process.stdout.fileno()], captures[process.stderr.fileno()], timed_out, output_limit
