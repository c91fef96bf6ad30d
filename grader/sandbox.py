"""Starts, watches and reaps the child process: the only module that starts processes.

The child runs in its own session with stdin closed, a scrubbed environment and resource limits (L0, L1),
optionally behind a wrapper command (bubblewrap, L2) and inside a control group (L3); `grader.isolation`
decides which. Its stdout and stderr are read concurrently with a cap each (head and tail kept), the grader's
channel pipe is read as lines arrive, and a hard wall-clock limit ends the whole tree: SIGTERM (on which the
child dumps its threads' stacks), then SIGKILL. Processes still alive when the child has ended on its own are
counted as leaked, then killed: the tree is found through the control group, the process group and /proc, and
on Linux the grader is a child subreaper, so orphans that escaped with setsid are swept and reaped too.
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

from grader import procfs
from grader import timing
from grader.cgroups import Group
from grader.procfs import ProcEntry
from grader.procfs import process_table

OUTPUT_CAP = 1 << 20
CHANNEL_CAP = 16 << 20
LINE_CAP = 1 << 20
TERM_GRACE = 0.5
DRAIN_GRACE = 1.0
LEAK_GRACE = 2.0  # seconds a process of the tree may take to end after the child did, before it counts as leaked
LEAK_POLL = 0.02
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
    address_space: int | None = None


@dataclass
class Channel:
    """A pipe of the grader's own: the child writes events to `write_fd`, the grader reads `read_fd`."""

    read_fd: int
    write_fd: int
    write_open: bool = True
    secret_fd: int | None = None  # read end of a pipe holding the nonce, for the child to read once and close

    @property
    def child_fds(self) -> tuple[int, ...]:
        return (self.write_fd,) if self.secret_fd is None else (self.write_fd, self.secret_fd)

    def close_write(self) -> None:
        """Close the grader's copies of the child's ends, once, so the pipe reaches EOF when the child is gone."""
        if self.write_open:
            self.write_open = False
            for fd in self.child_fds:
                with contextlib.suppress(OSError):
                    os.close(fd)


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
    leftover_processes: int  # processes still alive after the child ended on its own, then killed
    oom_killed: bool = False  # the control group's memory limit killed a process
    pids_limit: bool = False  # the control group's pids limit refused a fork or a thread
    peak_memory: int = 0
    leaked: tuple[str, ...] = ()  # "pid command" of the processes counted in `leftover_processes`
    cancelled: bool = False  # `cancel` was set: the tree was killed before the child ended


@contextlib.contextmanager
def open_channel(secret: bytes | None = None) -> Iterator[Channel]:
    """A pipe for the child's events, and one holding `secret` for it to read; all ends are closed afterwards."""
    read_fd, write_fd = os.pipe()
    channel = Channel(read_fd, write_fd)
    if secret is not None:
        secret_read, secret_write = os.pipe()
        try:
            os.write(secret_write, secret)  # far below the pipe's buffer: never blocks
        finally:
            os.close(secret_write)
        channel.secret_fd = secret_read
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


def _limit_child(limits: ResourceLimits, group: Group | None) -> Callable[[], None]:
    def apply() -> None:
        if group is not None:
            group.attach_self()
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
        if limits.address_space is not None:
            cap(resource.RLIMIT_AS, limits.address_space)

    return apply


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


def _children_of(pid: int) -> list[int]:
    """Direct children of `pid`."""
    return [entry.pid for entry in process_table() if entry.ppid == pid]


def tree_members(root: int, group: Group | None = None) -> set[int]:
    """Live (non-zombie) processes of a grading other than `root`: its control group, its process group, its
    descendants, and the grader's orphaned children that no running grading owns."""
    table = process_table()
    with _active_lock:
        owned = set(_active_pids)
    me = os.getpid()
    members = {e.pid for e in table if e.pgrp == root} | _adopted(table, owned)
    if group is not None:
        members |= group.pids()
    children: dict[int, list[int]] = {}
    for entry in table:
        children.setdefault(entry.ppid, []).append(entry.pid)
    stack = [root, *members]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in members:
                members.add(child)
                stack.append(child)
    zombies = {e.pid for e in table if e.state in ("Z", "X")}
    return members - zombies - {root, me}


def _signal_tree(root: int, group: Group | None, signum: int, *, spare_wrapper: bool = False) -> None:
    """Signal every process of a grading; with `spare_wrapper`, not the wrapper (bubblewrap), whose death would
    SIGKILL the sandbox at once, before the child could dump its stacks on SIGTERM."""
    members = tree_members(root, group)
    if group is not None:
        members |= group.pids()
    if spare_wrapper:
        names = {e.pid: e.command for e in process_table()}
        members = {pid for pid in members if names.get(pid) != "bwrap"}
    else:
        _signal_group(root, signum)
        members.add(root)
    for pid in members:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signum)


def _adopted(table: list[ProcEntry], owned: set[int]) -> set[int]:
    """Children of the grader that no running grading owns and that are not in the grader's own session: left
    behind by a grading and adopted by the subreaper. A grading's child starts a new session, so what it leaves
    is in that session or one of its own (`setsid`), never in the grader's."""
    me, session = os.getpid(), os.getsid(0)
    return {e.pid for e in table if e.ppid == me and e.pid not in owned and e.session != session}


def sweep_orphans() -> int:
    """Kill and reap what gradings left behind and the subreaper adopted; return how many were found.

    Children in the grader's own session (multiprocessing's resource tracker, a Dask nanny, whatever the host
    started) are not the submission's and are left alone.
    """
    swept = 0
    for _round in range(5):
        with _active_lock:
            owned = set(_active_pids)
        orphans = sorted(_adopted(process_table(), owned))
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


def tool_output(argv: Sequence[str], *, cwd: Path, timeout: float) -> bytes:
    """Standard output of a short, trusted tool run by the grader itself (`git show`), not a submission.

    Raises `OSError` or `subprocess.SubprocessError` (non-zero exit, timeout) like `subprocess.run`.
    """
    done = subprocess.run(
        list(argv), cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=True
    )
    return done.stdout


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
    wrapper: Sequence[str] = (),
    group: Group | None = None,
    cancel: threading.Event | None = None,
) -> SandboxResult:
    """Run `argv` (behind `wrapper`, inside `group`) to completion or until `wall_timeout`, feeding each channel
    line to `on_line` as it arrives; setting `cancel` kills the whole tree within a fraction of a second."""
    limits = limits or ResourceLimits(cpu_seconds=int(wall_timeout) + 30)
    subreaper = become_subreaper()
    pass_fds = channel.child_fds if channel else ()
    started = timing.monotonic()
    # The child is registered under the same lock it is started under: a sweep by a grading running on
    # another thread must never see it as an orphan.
    with _active_lock:
        try:
            process = subprocess.Popen(
                [*wrapper, *argv],
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
                pass_fds=pass_fds,
                preexec_fn=_limit_child(limits, group),
            )
        except (OSError, subprocess.SubprocessError) as exc:
            return SandboxResult(None, False, False, "", f"could not start the child: {exc}", 0.0, 0)
        _active_pids.add(process.pid)
    try:
        if channel:
            channel.close_write()
        watch = _Watch(process, group, channel, on_line, wall_timeout, output_cap, started)
        watch.count_leaks = not wrapper
        watch.cancel = cancel
        watch.run()
    finally:
        # Also on KeyboardInterrupt: nothing of the child may outlive the grading.
        _signal_tree(process.pid, group, signal.SIGKILL)
        if group is not None:
            group.kill()
        with contextlib.suppress(OSError):
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        with _active_lock:
            _active_pids.discard(process.pid)
    if subreaper:
        sweep_orphans()
    return SandboxResult(
        returncode=process.returncode,
        timed_out=watch.timed_out,
        output_limit=watch.output_limit,
        stdout=watch.stdout.text(),
        stderr=watch.stderr.text(),
        duration=timing.monotonic() - started,
        leftover_processes=len(watch.leaked),
        leaked=watch.leaked,
        oom_killed=group.oom_killed() if group is not None else False,
        pids_limit=group.pids_limit_hit() if group is not None else False,
        peak_memory=group.peak_memory() if group is not None else 0,
        cancelled=watch.cancelled,
    )


def _is_mp_helper(pid: int) -> bool:
    """multiprocessing's own resource tracker or fork server, which end when the process that started them
    has (a loaded machine may take longer than any grace): not the submission's leftovers. The teardown
    kills them with the rest; a process that only names itself so gains nothing but a missing notice."""
    command = procfs.cmdline(pid)
    return b"multiprocessing.resource_tracker" in command or b"multiprocessing.forkserver" in command


class _Watch:
    """Reads all streams until the child is gone and its pipes are drained, enforcing the limits."""

    def __init__(
        self,
        process: subprocess.Popen[bytes],
        group: Group | None,
        channel: Channel | None,
        on_line: Callable[[bytes], None] | None,
        wall_timeout: float,
        output_cap: int,
        started: float,
    ) -> None:
        assert process.stdout is not None and process.stderr is not None
        self.process = process
        self.group = group
        self.channel = channel
        self.on_line = on_line
        self.deadline = started + wall_timeout
        self.stdout = Capture(output_cap)
        self.stderr = Capture(output_cap)
        self.captures = {process.stdout.fileno(): self.stdout, process.stderr.fileno(): self.stderr}
        self.channel_capture = Capture(CHANNEL_CAP)
        self.pending = bytearray()
        self.timed_out = self.output_limit = False
        self.leaked: tuple[str, ...] = ()
        self.count_leaks = True
        self.cancel: threading.Event | None = None
        self.cancelled = False

    def _kill(self, signum: int) -> None:
        spare = not self.count_leaks and signum == signal.SIGTERM
        _signal_tree(self.process.pid, self.group, signum, spare_wrapper=spare)

    def run(self) -> None:
        selector = selectors.DefaultSelector()
        for fd in self.captures:
            os.set_blocking(fd, False)
            selector.register(fd, selectors.EVENT_READ)
        if self.channel:
            os.set_blocking(self.channel.read_fd, False)
            selector.register(self.channel.read_fd, selectors.EVENT_READ)
        exited_at: float | None = None
        term_sent_at: float | None = None
        try:
            # Until the child has ended and its pipes are drained (a child may close its pipes and go on).
            while selector.get_map() or exited_at is None:
                if self.cancel is not None and self.cancel.is_set():
                    self.cancelled = True  # nothing more is wanted from this run: `run` kills the tree
                    break
                now = timing.monotonic()
                if exited_at is None and self.process.poll() is not None:
                    exited_at = now
                    if self.count_leaks and not self.timed_out and not self.output_limit:
                        # Whatever is still running now was left behind by the submission. (Behind bubblewrap
                        # the pid namespace dies with the child: the plugin counts leaks from inside.)
                        self.leaked = self._left_running()
                    # Whatever the child left behind must not keep the pipes open.
                    self._kill(signal.SIGKILL)
                if exited_at is not None and (now - exited_at > DRAIN_GRACE or not selector.get_map()):
                    break
                if exited_at is None and not self.timed_out and now >= self.deadline:
                    self.timed_out = True
                    term_sent_at = now
                    self._kill(signal.SIGTERM)
                if term_sent_at is not None and now - term_sent_at >= TERM_GRACE:
                    self._kill(signal.SIGKILL)
                    term_sent_at = None
                wait = 0.05 if exited_at is not None or self.timed_out else min(0.2, max(self.deadline - now, 0.0))
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
                    else:
                        self._take(fd, data)
        finally:
            selector.close()
        if self.pending and self.on_line is not None and not self.cancelled:
            self.on_line(bytes(self.pending))

    def _left_running(self) -> tuple[str, ...]:
        """The processes of the tree still alive once the child has ended, after a grace for those that end on
        their own when it does (multiprocessing's resource tracker reads EOF from the child and exits): only
        what outlives `LEAK_GRACE` counts, so the verdict does not hang on which process the kernel runs first."""
        deadline = timing.monotonic() + LEAK_GRACE
        while True:
            members = {pid for pid in tree_members(self.process.pid, self.group) if not _is_mp_helper(pid)}
            if not members or timing.monotonic() >= deadline:
                break
            timing.sleep(LEAK_POLL)
        names = {e.pid: e.command for e in process_table() if e.pid in members}
        return tuple(f"{pid} {names.get(pid, '?')}" for pid in sorted(members))

    def _take(self, fd: int, data: bytes) -> None:
        if fd in self.captures:
            capture = self.captures[fd]
            capture.add(data)
            if capture.exceeded and not self.output_limit:
                self.output_limit = True
                self._kill(signal.SIGKILL)
            return
        self.channel_capture.add(data)
        if self.channel_capture.exceeded:
            return
        self.pending += data
        while (newline := self.pending.find(b"\n")) >= 0:
            line = bytes(self.pending[:newline])
            del self.pending[: newline + 1]
            if self.on_line is not None and len(line) <= LINE_CAP:
                self.on_line(line)
        if len(self.pending) > LINE_CAP:
            self.pending.clear()
