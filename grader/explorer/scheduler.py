"""The baton: one controlled thread runs at a time; switch points, blocking, virtual time, deadlock detection."""

from __future__ import annotations

import _thread
import sys
from collections.abc import Callable
from typing import Any
from typing import Protocol

from .errors import Terminated
from .errors import Unwind
from .tasks import Task
from .tasks import Wait
from .tasks import locate

#: A logged event: (thread id, (file, line) or None, event, detail, location key or None).
#: ``detail`` is a string or (template, obj): "{}" in the template becomes obj's learner-facing name.
LogEntry = tuple[int, "tuple[str, int] | None", str, Any, Any]


class Strategy(Protocol):
    """Picks the next task at a decision point (two or more runnable tasks)."""

    name: str

    def choose(self, sched: Scheduler, cands: list[Task], cur: Task) -> Task: ...


class Failure:
    """A verdict found during a run, with a snapshot of every live task taken when it was found."""

    __slots__ = ("data", "kind", "snapshot")

    def __init__(self, kind: str, data: dict[str, Any], snapshot: list[dict[str, Any]]) -> None:
        self.kind = kind
        self.data = data
        self.snapshot = snapshot


class Backend(Protocol):
    """Delivers switch points in the learner's code to ``Scheduler.step`` for controlled threads."""

    name: str

    def enter(self, sched: Scheduler, task: Task) -> None: ...

    def leave(self) -> None: ...


class _Parked:
    """A worker OS thread between two tasks: it sleeps on ``wake`` until it is given ``job``."""

    __slots__ = ("job", "wake")

    def __init__(self, job: tuple[Callable[[Any], None], Any]) -> None:
        self.job: tuple[Callable[[Any], None], Any] | None = job
        self.wake = _thread.allocate_lock()
        self.wake.acquire()


class Workers:
    """The OS threads that back the tasks of one explore() call, reused from one schedule to the next.

    Every schedule of a call starts the same few tasks again, hundreds of times; starting an OS thread costs
    several hand-overs of the baton. A task's thread, once the task has ended, parks here until the next task
    needs one. ``close()`` lets the parked threads end; threads still running a task end with it.
    """

    def __init__(self) -> None:
        self._idle: list[_Parked] = []
        self._closed = False
        self._lock = _thread.allocate_lock()

    def start(self, fn: Callable[[Any], None], arg: Any) -> None:
        """Run ``fn(arg)`` in a thread of its own (a parked one if there is one)."""
        with self._lock:
            parked = self._idle.pop() if self._idle else None
        if parked is None:
            _thread.start_new_thread(self._loop, (_Parked((fn, arg)),))
        else:
            parked.job = (fn, arg)
            parked.wake.release()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for parked in idle:
            parked.job = None
            parked.wake.release()

    def _loop(self, parked: _Parked) -> None:
        while parked.job is not None:
            fn, arg = parked.job
            parked.job = None
            fn(arg)
            with self._lock:
                if self._closed:
                    return
                self._idle.append(parked)
            parked.wake.acquire()


class Scheduler:
    """One schedule: the tasks, the baton, the virtual clock and the decisions taken."""

    def __init__(
        self,
        strategy: Strategy,
        backend: Backend,
        *,
        max_steps: int,
        learner_files: frozenset[str],
        workers: Workers,
    ) -> None:
        self.workers = workers
        self.strategy = strategy
        self.coarse = bool(getattr(strategy, "coarse", False))
        self.visible = 0
        self.backend = backend
        self.max_steps = max_steps
        self.learner_files = learner_files
        self.tasks: list[Task] = []
        self.by_ident: dict[int, Task] = {}
        self.current: Task | None = None
        self.now = 0.0
        self.steps = 0
        self.decisions: list[int] = []
        self.dec_cur: list[int] = []
        self.dec_first: list[int] = []
        self.trail: list[tuple[tuple[int, ...], int]] | None = None
        self.failure: Failure | None = None
        self.aborting = False
        self.abort_steps = 0
        self.alive = 0
        self.dirty = True
        self._cands: list[Task] = []
        self.events: list[LogEntry] = []
        self.thread_counter = 0
        self.serials: dict[str, int] = {}
        # (id held, id wanted, ids of the other locks held then) -> (held, wanted, tid, where)
        self.lock_edges: dict[tuple[int, int, frozenset[int]], tuple[Any, Any, int, tuple[str, int] | None]] = {}
        self.on_crash: Callable[[Task, BaseException], None] | None = None
        #: The run's SharedState (lost-update oracle), for stand-ins that track their own reads and writes.
        self.shared: Any = None
        #: Per-run state of stand-in modules (options, the main process object, ...).
        self.extras: dict[str, Any] = {}
        #: The asyncio task (a pseudo task) running on the seeded loop now: reads and writes are its own.
        self.alias: Task | None = None
        self._finished = _thread.allocate_lock()
        self._finished.acquire()

    # -- tasks ---------------------------------------------------------------------------------

    def spawn(self, name: str, fn: Callable[[], Any], thread: Any) -> Task:
        """Create a runnable task backed by a fresh OS thread that waits for the baton."""
        task = Task(len(self.tasks), name, fn, thread)
        task.state = "alive"
        self.tasks.append(task)
        self.alive += 1
        self.dirty = True
        self.workers.start(self._bootstrap, task)
        return task

    def run_main(self, fn: Callable[[], Any], thread: Any, timeout: float) -> bool:
        """Run ``fn`` as the controlled main thread; return False if the run did not end in ``timeout`` s."""
        task = self.spawn("MainThread", fn, thread)
        self.current = task
        task.gate.release()
        return self._finished.acquire(True, timeout)

    def me(self) -> Task:
        """The task of the calling OS thread."""
        task = self.by_ident.get(_thread.get_ident())
        if task is None:
            raise RuntimeError("grader.explorer: this stand-in can only be used from a controlled thread")
        return task

    def _bootstrap(self, task: Task) -> None:
        task.gate.acquire()
        task.os_ident = _thread.get_ident()
        self.by_ident[task.os_ident] = task
        try:
            if not self.aborting and not task.killed:
                self.backend.enter(self, task)
                try:
                    task.fn()
                finally:
                    self.backend.leave()
        except Unwind:
            pass
        except BaseException as exc:
            if self.on_crash is not None and not self.aborting:
                try:
                    self.on_crash(task, exc)
                except Unwind:
                    pass
        finally:
            self._exit(task)

    def _exit(self, task: Task) -> None:
        if task.pending is not None:
            self._flush(task)
        task.state = "done"
        self.alive -= 1
        self.dirty = True
        self.by_ident.pop(task.os_ident, None)
        if self.alive == 0:
            self.current = None
            self._finished.release()
            return
        nxt = self._pick(task)
        self.current = nxt
        nxt.gate.release()

    # -- switch points -------------------------------------------------------------------------

    def step(self, me: Task, visible: bool = True) -> None:
        """A switch point in ``me`` (the running task): maybe hand the baton to another task.

        ``visible`` is False for instructions that cannot touch shared memory; coarse strategies skip them.
        """
        # The hottest code of the explorer (every instruction of the learner's): _record is inlined.
        steps = self.steps = self.steps + 1
        if self.aborting:
            self.abort_steps += 1
            if self.abort_steps > 10_000:
                raise Unwind
            return
        if me.pending is not None:
            self._flush(me)
        if steps > self.max_steps:
            self.fail_livelock(me)
        if visible:
            self.visible += 1
        elif self.coarse:
            return
        cands = self._runnable() if self.dirty else self._cands
        if len(cands) < 2:
            return
        nxt = self.strategy.choose(self, cands, me)
        self.decisions.append(nxt.tid)
        runnable_me = me in cands
        self.dec_cur.append(me.tid if runnable_me else -1)
        self.dec_first.append(cands[0].tid)
        if self.trail is not None:
            self.trail.append((tuple(t.tid for t in cands), me.tid if runnable_me else -1))
        if nxt is not me:
            self._switch(me, nxt)

    def block(self, me: Task, wait: Wait) -> bool:
        """Wait until ``wait.pred()`` holds (True) or its virtual deadline passes (False)."""
        me.wait = wait
        self.dirty = True
        try:
            while True:
                if self.aborting:
                    raise Unwind
                if wait.pred():
                    return True
                if wait.deadline is not None and self.now >= wait.deadline:
                    return False
                self.steps += 1
                if self.steps > self.max_steps:
                    self.fail_livelock(me)
                nxt = self._pick(me)
                if nxt is not me:
                    self._switch(me, nxt)
        finally:
            me.wait = None
            self.dirty = True

    def kill(self, task: Task) -> None:
        """Make ``task`` (not the running one) raise ``Terminated`` where it is parked, as soon as it runs."""
        if task.state != "alive":
            return
        task.killed = True
        w = task.wait
        if w is not None:
            w.pred = _always
        self.dirty = True

    def changed(self) -> None:
        """A synchronisation object changed state: blocked tasks may have become runnable."""
        self.dirty = True

    def _switch(self, me: Task, nxt: Task) -> None:
        self.current = nxt
        nxt.gate.release()
        me.gate.acquire()
        if self.aborting:
            raise Unwind
        if me.killed:
            me.killed = False
            raise Terminated

    def _record(self, cands: list[Task], nxt: Task, me: Task) -> None:
        self.decisions.append(nxt.tid)
        runnable_me = me in cands
        self.dec_cur.append(me.tid if runnable_me else -1)
        self.dec_first.append(cands[0].tid)
        if self.trail is not None:
            self.trail.append((tuple(t.tid for t in cands), me.tid if runnable_me else -1))

    def _runnable(self) -> list[Task]:
        cands = []
        now = self.now
        for t in self.tasks:
            if t.state != "alive":
                continue
            w = t.wait
            if w is None or w.pred() or (w.deadline is not None and w.deadline <= now):
                cands.append(t)
        self._cands = cands
        self.dirty = False
        return cands

    def _pick(self, me: Task) -> Task:
        """The next task to hold the baton when ``me`` may not be able to continue."""
        while True:
            if self.aborting:
                if me.state == "alive":
                    return me
                for t in self.tasks:
                    if t.state == "alive":
                        return t
                return me
            cands = self._runnable()
            if cands:
                if len(cands) == 1:
                    return cands[0]
                nxt = self.strategy.choose(self, cands, me)
                self._record(cands, nxt, me)
                return nxt
            if not self._advance_clock():
                self.fail("deadlock", {})

    def _advance_clock(self) -> bool:
        best: float | None = None
        for t in self.tasks:
            w = t.wait
            if t.state == "alive" and w is not None and w.deadline is not None:
                if best is None or w.deadline < best:
                    best = w.deadline
        if best is None:
            return False
        self.now = max(self.now, best)
        self.dirty = True
        return True

    # -- verdicts ------------------------------------------------------------------------------

    def fail(self, kind: str, data: dict[str, Any]) -> None:
        """Record the run's verdict (the first one wins) and start unwinding every task."""
        if self.failure is None and not self.aborting:
            self.failure = Failure(kind, data, self.snapshot())
        self.aborting = True

    def fail_livelock(self, me: Task) -> None:
        self.fail("timeout", {"steps": self.max_steps})
        raise Unwind

    def snapshot(self) -> list[dict[str, Any]]:
        """Where every live task is, what it waits for and which locks it holds."""
        frames = sys._current_frames()
        mine = _thread.get_ident()
        out = []
        for t in self.tasks:
            if t.state != "alive":
                continue
            where: tuple[str, int] | None
            if t.wait is not None:
                where = t.wait.where
            elif t.os_ident == mine:
                where = locate(sys._getframe(1), self.learner_files)
            else:
                where = locate(frames.get(t.os_ident), self.learner_files)
            owner = getattr(t.wait.obj, "_owner", None) if t.wait is not None else None
            out.append(
                {
                    "task": t,
                    "where": where,
                    "wait": t.wait,
                    "held": list(t.held),
                    "owner": owner,
                    "ran": t.os_ident != 0,
                }
            )
        return out

    def new_serial(self, kind: str) -> int:
        """A per-run counter for stand-in objects of ``kind`` (deterministic names and hashes)."""
        n = self.serials.get(kind, 0) + 1
        self.serials[kind] = n
        return n

    def note_acquire(self, me: Task, lock: Any, where: tuple[str, int] | None) -> None:
        """Lockdep: remember each (held -> wanted) pair the first time a task blocks for ``lock``.

        The other locks held at that moment are kept too: an inversion that always happens under one
        common outer lock (a gate) cannot deadlock, and the cycle check ignores it.
        """
        for held in me.held:
            if held is not lock:
                gates = frozenset(id(g) for g in me.held if g is not held and g is not lock)
                key = (id(held), id(lock), gates)
                if key not in self.lock_edges:
                    self.lock_edges[key] = (held, lock, me.tid, where)

    # -- event log -----------------------------------------------------------------------------

    def log(self, task: Task, where: tuple[str, int] | None, event: str, detail: Any, key: Any = None) -> int:
        """Append an event in true execution order; return its index."""
        self.events.append((task.tid, where, event, detail, key))
        return len(self.events) - 1

    def where(self, depth: int = 2) -> tuple[str, int] | None:
        """The learner line (or scenario line) the calling stand-in operation was called from."""
        return locate(sys._getframe(depth), self.learner_files)

    def _flush(self, task: Task) -> None:
        pending = task.pending
        task.pending = None
        pending()


def _always() -> bool:
    return True
