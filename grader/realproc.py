"""Hang detection for tests that run the learner's code in real processes (Linux /proc).

A test that calls the learner's code with real processes, pipes and queues cannot tell "slow" from "stuck" by the
clock alone: a fixed limit makes every wrong, hanging submission wait that long, test after test. A deadlocked
pipeline is recognisable sooner: nothing in the whole process tree runs any more. `Quiescence` samples that from
/proc; `HangWatch` is the watchdog thread built on it, firing as soon as the tree has been quiescent for `idle`
seconds, and at `limit` seconds at the latest. `HangGuard` is the `with` block that tests put around the learner's
call: on a hang it kills the call's child processes and interrupts the main thread with an exception.

Quiescent means, over the whole of the last `idle` seconds, sampled every 0.1 s or so:

* no watched thread was seen in state R (running or runnable, i.e. waiting for a CPU) or D (uninterruptible
  sleep, usually I/O), so a busy loop, or code merely starved of CPU on a loaded machine, is never quiescent;
* no watched thread or process started or ended;
* the watched threads together used no more than `busy_share` of one CPU (precise run times from
  /proc/TID/schedstat, else the clock ticks of /proc/TID/stat): enough to ignore a thread waking once a second
  from `time.sleep`, far below what even a polling loop with a 5 ms sleep uses.

The watched threads are every thread of process `pid` (default: this process) but those in `exclude` (a
`HangWatch` excludes its own sampling thread), and every thread of every descendant process. Zombies, and
processes or threads that vanish while being read, are ignored; a process reparented away from the tree (an
orphaned grandchild) is no longer watched. Without a Linux /proc nothing is ever quiescent: only `limit` applies.

Code that sleeps by design (a test helper's `time.sleep(0.5)`) looks exactly like a hang while it sleeps, and so
does a chain of such sleeps with next to no work in between: choose `idle` well above the longest stretch in
which correct code only sleeps (at least three times the longest single sleep), and keep `limit` as the hard cap.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from collections.abc import Iterable
from types import FrameType
from types import TracebackType
from typing import Any

from grader.procfs import PROC
from grader.procfs import process_table

__all__ = ["HangGuard", "HangWatch", "Quiescence", "kill_children", "snapshot"]

ACTIVE_STATES = frozenset("RD")  # running or runnable; uninterruptible sleep (I/O in progress)
GONE_STATES = frozenset("ZXx")  # zombie or dead: ignored, as if already gone
MIN_IDLE = 1.5  # seconds; HangWatch refuses less: a scheduler hiccup alone can last a good fraction of that
SIGNAL_WAIT = 2.0  # seconds a HangGuard waits, on leaving, for its signal to be handled (it takes microseconds)
_TICK_NS = 1_000_000_000 // os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 10_000_000

Task = tuple[int, int]
"""(pid, tid) of one watched thread."""


def _read(path: str) -> str:
    with open(path, encoding="ascii", errors="replace") as f:
        return f.read()


def _stat_fields(text: str) -> list[str]:
    """The fields of a /proc stat line after `(comm)`: [state, ppid, ...] (the name may hold spaces and parens)."""
    return text[text.rfind(")") + 2 :].split()


def _children(proc: str) -> dict[int, list[int]]:
    """{ppid: [pid, ...]} of every live process under `proc`."""
    kids: dict[int, list[int]] = {}
    for entry in process_table(proc):
        if entry.state not in GONE_STATES:
            kids.setdefault(entry.ppid, []).append(entry.pid)
    return kids


def _tree(pid: int, proc: str) -> list[int]:
    """`pid` and all its live descendants."""
    kids = _children(proc)
    tree, todo, seen = [], [pid], {pid}
    while todo:
        current = todo.pop()
        tree.append(current)
        for child in kids.get(current, ()):
            if child not in seen:  # a cycle is impossible, but a pid reused during the scan must not loop
                seen.add(child)
                todo.append(child)
    return tree


def _cpu_ns(task_dir: str, stat: list[str]) -> int:
    """CPU time used by one thread so far, in nanoseconds."""
    try:
        return int(_read(f"{task_dir}/schedstat").split()[0])
    except (OSError, IndexError, ValueError):
        # utime + stime are fields 14 and 15 of the stat line, i.e. 11 and 12 after the state (field 3).
        return (int(stat[11]) + int(stat[12])) * _TICK_NS


def snapshot(pid: int | None = None, exclude: Iterable[int] = (), proc: str = PROC) -> dict[Task, tuple[str, int]]:
    """{(pid, tid): (state letter, CPU ns)} of every live thread of `pid` (default: this process) and of its
    descendants, except the thread ids in `exclude`. Empty when `pid` is gone."""
    root = os.getpid() if pid is None else pid
    skip = set(exclude)
    tasks: dict[Task, tuple[str, int]] = {}
    for member in _tree(root, proc):
        try:
            tids = os.listdir(f"{proc}/{member}/task")
        except OSError:
            continue  # ended while we looked
        for name in tids:
            if not name.isdigit() or int(name) in skip:
                continue
            task_dir = f"{proc}/{member}/task/{name}"
            try:
                stat = _stat_fields(_read(f"{task_dir}/stat"))
                state = stat[0]
                if state in GONE_STATES:
                    continue
                tasks[(member, int(name))] = (state, _cpu_ns(task_dir, stat))
            except (OSError, IndexError, ValueError):
                continue  # ended while we looked
    return tasks


class Quiescence:
    """Tells for how long nothing has run in process `pid` and its descendants; call `update()` every ~0.1 s.

    `idle`: the quiet stretch, in seconds, after which `quiescent` is true. `exclude`: thread ids of `pid` not to
    watch (the caller's sampling thread: reading /proc costs CPU). `busy_share`: CPU share of one core the watched
    threads may use in all during a quiet stretch (noise: a thread waking from a periodic sleep).
    """

    def __init__(
        self,
        pid: int | None = None,
        idle: float = MIN_IDLE,
        *,
        exclude: Iterable[int] = (),
        busy_share: float = 0.002,
        proc: str = PROC,
    ) -> None:
        if idle <= 0:
            raise ValueError(f"idle must be positive, not {idle!r}")
        self.pid = os.getpid() if pid is None else pid
        self.idle = idle
        self.exclude = set(exclude)
        self.budget_ns = busy_share * idle * 1e9
        self.proc = proc
        self.available = os.path.isdir(f"{proc}/self/task")  # Linux procfs; without it nothing is ever quiescent
        self._last: dict[Task, tuple[str, int]] | None = None
        self._quiet_since = 0.0
        self._spent_ns = 0
        self._quiet_for = 0.0

    @property
    def quiet_for(self) -> float:
        """Seconds of quiet as of the last update()."""
        return self._quiet_for

    @property
    def quiescent(self) -> bool:
        """True once the last update() found `idle` seconds of quiet."""
        return self._quiet_for >= self.idle

    def update(self, now: float | None = None) -> float:
        """Take one sample; return for how many seconds everything has been quiet (0.0 if something ran)."""
        now = time.monotonic() if now is None else now
        tasks = snapshot(self.pid, self.exclude, self.proc) if self.available else None
        last, self._last = self._last, tasks
        if (
            tasks is None
            or last is None
            or tasks.keys() != last.keys()
            or any(state in ACTIVE_STATES for state, _ in tasks.values())
        ):
            return self._restart(now)
        self._spent_ns += sum(max(0, cpu - last[task][1]) for task, (_, cpu) in tasks.items())
        if self._spent_ns > self.budget_ns:
            return self._restart(now)
        self._quiet_for = now - self._quiet_since
        return self._quiet_for

    def _restart(self, now: float) -> float:
        self._quiet_since = now
        self._spent_ns = 0
        self._quiet_for = 0.0
        return 0.0


class HangWatch:
    """A watchdog thread: calls `on_hang()` once if the watched call hangs, i.e. when this process (but for the
    watchdog's own thread) and all its descendants have been quiescent for `idle` seconds, or at the latest when
    `limit` seconds have passed since `start()`.

    Use it as a context manager around the learner's call (or call start() and stop()). `on_hang` runs in the
    watchdog's thread: it typically kills the children and interrupts the main thread (`HangGuard` does both).
    After stop() (or the end of the `with` block), `on_hang` has either run to completion or will never run;
    `fired` tells which, and `how` says in words how the hang was detected, e.g. "nothing ran for 1.5 s: every
    process was waiting" or "still running after 8 s".

    `wake`, if given, is called (in the watchdog's thread) whenever the tree has been quiescent for `idle` seconds,
    before that counts as a hang: for a test whose own helpers wait by design for something that may never come
    (a job waiting for another that the learner's code never runs alongside it), and can be told to give up. It
    returns True if it woke something up: then watching goes on, and only a new quiet stretch of `idle` seconds,
    or `limit` (still counted from start()), is a hang.
    """

    def __init__(
        self,
        on_hang: Callable[[], object],
        *,
        limit: float,
        idle: float = MIN_IDLE,
        pid: int | None = None,
        interval: float = 0.1,
        busy_share: float = 0.002,
        wake: Callable[[], bool] | None = None,
    ) -> None:
        if idle < MIN_IDLE:
            raise ValueError(f"idle={idle!r}: at least {MIN_IDLE} s, or a busy machine could look quiescent")
        if limit <= 0 or interval <= 0:
            raise ValueError("limit and interval must be positive")
        self.on_hang = on_hang
        self.limit = limit
        self.idle = idle
        self.pid = os.getpid() if pid is None else pid
        self.interval = interval
        self.busy_share = busy_share
        self.wake = wake
        self.fired = False
        self.reason = ""  # "idle" or "limit" once fired
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="grader-hang-watch", daemon=True)

    @property
    def how(self) -> str:
        """How the hang was detected, in words ("" if it was not)."""
        if self.reason == "idle":
            return f"nothing ran for {self.idle:g} s: every process was waiting"
        if self.reason == "limit":
            return f"still running after {self.limit:g} s"
        return ""

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop watching; if on_hang() is running, wait until it has returned."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()

    def __enter__(self) -> HangWatch:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _watch(self) -> None:
        deadline = time.monotonic() + self.limit
        me = [threading.get_native_id()]
        quiet = Quiescence(self.pid, self.idle, exclude=me, busy_share=self.busy_share)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                reason = "limit"
                break
            if self._stop.wait(min(self.interval, left)):
                return
            if quiet.update() >= self.idle:
                if self.wake is None or self._stop.is_set() or not self.wake():
                    reason = "idle"
                    break
                # Woken up: what waited runs again, and the next hang needs a whole new quiet stretch.
                quiet = Quiescence(self.pid, self.idle, exclude=me, busy_share=self.busy_share)
        if self._stop.is_set():
            return
        self.reason = reason
        self.fired = True
        self.on_hang()


def kill_children() -> None:
    """SIGKILL every child process that this process started with multiprocessing and has not joined yet."""
    for p in multiprocessing.active_children():
        p.kill()


class HangGuard:
    """A `with` block around the learner's call that ends the call if it hangs, so that a test can report it.

    It runs a `HangWatch` (`limit`, `idle`, `wake`: see there) over the block. On a hang the watchdog calls `kill()`
    (by default `kill_children`), then interrupts the main thread, raising `interrupt()` in it wherever it waits:
    killing the children alone does not end every wait (a get() from a queue whose producers are gone, a join()
    of a queue's feeder thread or of a pool), and the main thread may not even wait for a child. The exception
    comes from a SIGUSR1 handler that the block installs; it ends the block, which swallows it (and no other
    exception): after the block, `fired` tells whether the call hung and `how` how that was detected.

    On leaving, however the block ends, the handler is disarmed first, then the watchdog stopped, a signal it sent
    waited for (its handler then raises nothing), and the previous SIGUSR1 handler restored: `interrupt` is never
    raised after the block. Should the signal never arrive, or the previous handler not have been installed from
    Python, the disarmed handler stays: it would only swallow a stray SIGUSR1.

    Enter it in the main thread (only there can a signal handler be installed), and once: a guard is for one call.
    """

    def __init__(
        self,
        interrupt: type[BaseException],
        *,
        limit: float,
        idle: float = MIN_IDLE,
        kill: Callable[[], object] = kill_children,
        wake: Callable[[], bool] | None = None,
    ) -> None:
        self.interrupt = interrupt
        self.kill = kill
        self.watch = HangWatch(self._fire, limit=limit, idle=idle, wake=wake)
        self._main = 0  # thread id of the main thread, once entered
        self._armed = False  # the handler may raise: the block has not begun to end
        self._pending = False  # the watchdog has sent SIGUSR1, and the handler has not run yet
        self._raised: BaseException | None = None
        self._previous: Callable[[int, FrameType | None], Any] | int | None = None

    @property
    def fired(self) -> bool:
        """Whether the call hung (and was killed and interrupted); final once the block has ended."""
        return self.watch.fired

    @property
    def how(self) -> str:
        """How the hang was detected, in words ("" if it was not)."""
        return self.watch.how

    def __enter__(self) -> HangGuard:
        self._previous = signal.signal(signal.SIGUSR1, self._on_signal)  # ValueError outside the main thread
        self._main = threading.get_ident()
        self._armed = True
        self.watch.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        self._armed = False
        self.watch.stop()  # _fire() has returned, or will never run
        deadline = time.monotonic() + SIGNAL_WAIT
        while self._pending and time.monotonic() < deadline:
            time.sleep(0.01)  # a handler runs in the main thread only, between two bytecodes or in a wait like this
        if not self._pending and self._previous is not None:
            signal.signal(signal.SIGUSR1, self._previous)
        return exc is not None and exc is self._raised

    def _fire(self) -> None:
        try:
            self.kill()
        finally:
            self._pending = True
            # To the main thread itself, so that whatever blocking call it is in is interrupted.
            signal.pthread_kill(self._main, signal.SIGUSR1)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if not self._pending:
            return  # not the watchdog's signal
        self._pending = False
        # Not raised once __exit__ has begun (it may be handled at the very start of __exit__, before it disarms).
        if self._armed and (frame is None or frame.f_code is not HangGuard.__exit__.__code__):
            self._armed = False
            self._raised = self.interrupt()
            raise self._raised
