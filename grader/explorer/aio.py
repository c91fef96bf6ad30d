"""asyncio on a seeded loop: one ready handle at a time, chosen by the schedule's strategy, on virtual time.

The loop runs inside the controlled main thread. Every asyncio Task gets a *pseudo task* (a ``Task`` in
``sched.tasks`` that is never runnable as a thread) so decisions, replay, shrinking, the trace and the oracles
name it. At each iteration the distinct owners of the ready handles are the candidates; the strategy picks one
and its oldest handle runs (handles of one owner keep their FIFO order). While it runs, ``sched.alias`` makes
the lost-update oracle attribute reads and writes to that asyncio task, so a read before an ``await`` and a
write after it, around another task's write, is a lost update. ``loop.time()`` is the virtual clock: timers
fire when nothing is ready by jumping it; with real sockets registered the loop first waits on the real
selector for up to ``REAL_IO_WAIT`` seconds.

Real I/O keeps asyncio's own invariants although the ready queue is reordered: the done callbacks of one
future run in the order they were added (``sock_connect`` removes its writer in a done callback that must run
before the awaiting task goes on to hand the socket to a transport), a level-triggered event does not queue a
second copy of a handle still waiting in the queue, and a registration nothing will ever serve (a socket
operation whose future is done, a transport writer with nothing left to write) is removed, not polled forever.
As a last resort, ``IDLE_POLLS`` polls in a row that only ran event-loop callbacks, with a timer pending, count
as idle: the clock jumps anyway, so a run cannot spin on the selector until the wall limit.
"""

from __future__ import annotations

import asyncio
import heapq
import selectors
import socket
import time as _time
from collections.abc import Coroutine
from types import FrameType
from typing import Any

from .errors import Unwind
from .scheduler import Failure
from .scheduler import Scheduler
from .tasks import Task
from .tasks import Wait
from .tasks import _is_library

#: Real seconds to wait for real I/O before letting virtual time jump to the next timer.
REAL_IO_WAIT = 0.05
#: Real seconds of waiting for real I/O, with nothing else to do, before the run is declared stuck.
REAL_IO_CAP = 5.0
#: loop.time() = MONOTONIC_BASE + virtual now, like the stand-in time.monotonic().
MONOTONIC_BASE = 1000.0
#: Polls in a row that found real I/O events but let no asyncio task run before the loop counts as idle.
IDLE_POLLS = 1000


def _never() -> bool:
    return False


class SeededLoop(asyncio.SelectorEventLoop):
    """A selector loop whose ready queue is ordered by the schedule and whose clock is virtual."""

    def __init__(self, sched: Scheduler) -> None:
        super().__init__()
        self._sched = sched
        self._pseudo: dict[asyncio.Task[Any], Task] = {}
        self._callbacks: Task | None = None
        self._cur: Task = sched.me()
        self._me = self._cur
        self._idle_real = 0.0
        self._idle_polls = 0
        self._progress = False
        self._batch = 0
        self._counter = 0
        self.set_exception_handler(_quiet)

    # -- clock and tasks --------------------------------------------------------------------------

    def time(self) -> float:
        return MONOTONIC_BASE + self._sched.now

    def create_task(self, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        self._counter += 1
        if kwargs.get("name") is None:
            qual = getattr(coro, "__qualname__", None) or type(coro).__name__
            kwargs["name"] = f"Task-{self._counter} ({qual.rsplit('.', 1)[-1]})"
        task = super().create_task(coro, **kwargs)
        self._pseudo[task] = self._new_pseudo(task.get_name())
        return task

    def _new_pseudo(self, name: str) -> Task:
        sched = self._sched
        pseudo = Task(len(sched.tasks), name, _noop, None)
        pseudo.state = "async"
        sched.tasks.append(pseudo)
        return pseudo

    def _owner(self, handle: asyncio.Handle) -> Task:
        task = getattr(handle._callback, "__self__", None)  # type: ignore[attr-defined]
        if isinstance(task, asyncio.Task):
            pseudo = self._pseudo.get(task)
            if pseudo is not None:
                return pseudo
        if self._callbacks is None:
            self._callbacks = self._new_pseudo("event loop")
        return self._callbacks

    def current_pseudo(self) -> Task | None:
        return self._sched.alias

    # -- one iteration ----------------------------------------------------------------------------

    def _run_once(self) -> None:
        """Run one ready handle; at batch boundaries (as asyncio's iterations) poll I/O and expire timers."""
        sched = self._sched
        if sched.aborting:
            raise Unwind
        ready: Any = self._ready  # type: ignore[attr-defined]
        if self._batch > 0 and ready:
            self._batch -= 1
            self._run_one(ready)
            return
        scheduled: list[Any] = self._scheduled  # type: ignore[attr-defined]
        while scheduled and scheduled[0]._cancelled:
            self._timer_cancelled_count -= 1  # type: ignore[attr-defined]
            heapq.heappop(scheduled)._scheduled = False
        stopping = self._stopping  # type: ignore[attr-defined]
        selector = self._selector  # type: ignore[attr-defined]
        io = len(selector.get_map()) > 1  # more than the loop's own self-pipe
        events = self._poll(0) if io else []
        idle = False
        if events and not ready and not stopping:
            idle = self._idle_poll(scheduled)
        elif not events and not ready and not stopping:
            if sched.alive > 1:
                self._wait_for_threads(scheduled)
            elif io:
                wait = REAL_IO_WAIT if scheduled else 0.1
                events = self._poll(wait)
                if not events and not scheduled:
                    self._idle_real += wait
                    if self._idle_real > REAL_IO_CAP:
                        self._stuck("hung")
                    return
                self._idle_real = 0.0
        elif events:
            self._idle_real = 0.0
        if events:
            self._process_events(events)  # type: ignore[attr-defined]
        if (idle or not ready) and scheduled and not stopping:
            when = scheduled[0]._when
            if when > self.time():
                sched.now = when - MONOTONIC_BASE
        end = self.time()
        while scheduled and scheduled[0]._when <= end:
            handle = heapq.heappop(scheduled)
            handle._scheduled = False
            ready.append(handle)
        while ready and ready[0]._cancelled:
            ready.popleft()
        if not ready:
            if not stopping and not scheduled and not io and sched.alive <= 1:
                self._stuck("deadlock")
            return
        self._batch = len(ready) - 1
        self._run_one(ready)

    def _poll(self, timeout: float) -> list[tuple[selectors.SelectorKey, int]]:
        """The selector's events, less the registrations nothing will ever serve (removed, as asyncio would)."""
        selector = self._selector  # type: ignore[attr-defined]
        events: list[tuple[selectors.SelectorKey, int]] = selector.select(timeout)
        out = []
        for key, mask in events:
            reader, writer = key.data
            if mask & selectors.EVENT_READ and reader is not None and self._stale(reader):
                self._remove_reader(key.fileobj)  # type: ignore[attr-defined]
                mask &= ~selectors.EVENT_READ
            if mask & selectors.EVENT_WRITE and writer is not None and self._stale(writer):
                self._remove_writer(key.fileobj)  # type: ignore[attr-defined]
                mask &= ~selectors.EVENT_WRITE
            if mask:
                out.append((key, mask))
        return out

    def _stale(self, handle: asyncio.Handle) -> bool:
        """An I/O registration that would do nothing if it ran, and would stay ready (so polled) forever.

        One of the loop's own socket operations (``sock_connect``'s ``_sock_connect_cb``, ``sock_sendall``,
        ``sock_recv``...) whose future is already done returns at once; a transport's ``_write_ready`` with an
        empty buffer has nothing to write. asyncio removes both itself (the first in a done callback of the
        future); the explorer's reordering must not leave them behind. A learner's own callbacks are left alone.
        """
        if handle._cancelled:
            return False  # _process_events removes it
        callback = handle._callback  # type: ignore[attr-defined]
        owner = getattr(callback, "__self__", None)
        name = getattr(callback, "__name__", "")
        if owner is self and name.startswith("_sock_"):
            args = handle._args
            return bool(args) and isinstance(args[0], asyncio.Future) and args[0].done()
        if name == "_write_ready" and isinstance(owner, asyncio.WriteTransport):
            try:
                return owner.get_write_buffer_size() == 0
            except Exception:
                return False
        return False

    def _idle_poll(self, scheduled: list[Any]) -> bool:
        """Nothing was ready but real I/O: whether ``IDLE_POLLS`` such polls in a row let no asyncio task run.

        Real progress (data that arrives, a connection accepted) wakes a task; an I/O callback that runs again
        and again without waking anyone must not hold virtual time still forever. With a timer pending the
        clock may then jump; without one the wait counts towards ``REAL_IO_CAP``.
        """
        if self._progress:
            self._progress = False
            self._idle_polls = 0
            self._idle_real = 0.0
        self._idle_polls += 1
        if self._idle_polls <= IDLE_POLLS:
            return False
        self._idle_polls = 0
        if not scheduled:
            _time.sleep(REAL_IO_WAIT)
            self._idle_real += REAL_IO_WAIT
            if self._idle_real > REAL_IO_CAP:
                self._stuck("hung")
        return True

    def _add_callback(self, handle: asyncio.Handle) -> None:
        """An I/O callback, unless it still waits in the ready queue (a level-triggered event, polled again)."""
        ready: Any = self._ready  # type: ignore[attr-defined]
        if handle._cancelled or any(h is handle for h in ready):
            return
        ready.append(handle)

    def _run_one(self, ready: Any) -> None:
        sched = self._sched
        while ready and ready[0]._cancelled:
            ready.popleft()
        if not ready:
            return
        owners: list[Task] = []
        first: dict[int, int] = {}
        later: set[int] = set()  # owners whose oldest handle waits for an earlier callback of the same future
        futures: set[int] = set()
        for i, handle in enumerate(ready):
            if handle._cancelled:
                continue
            owner = self._owner(handle)
            fut = _future_of(handle)
            if owner.tid not in first and owner.tid not in later:
                if fut is not None and fut in futures:
                    later.add(owner.tid)
                else:
                    first[owner.tid] = i
                    owners.append(owner)
            if fut is not None:
                futures.add(fut)
        if len(owners) >= 2:
            nxt = sched.strategy.choose(sched, owners, self._cur)
            sched._record(owners, nxt, self._cur)
        else:
            nxt = owners[0]
        idx = first[nxt.tid]
        handle = ready[idx]
        del ready[idx]
        self._cur = nxt
        if nxt is not self._callbacks:
            self._progress = True
        me = self._me
        sched.alias = nxt
        try:
            handle._run()
            if me.pending is not None:
                sched._flush(me)
        finally:
            sched.alias = None
        handle = None

    def _wait_for_threads(self, scheduled: list[Any]) -> None:
        """Other controlled threads are alive: let the scheduler run them until a callback arrives."""
        sched = self._sched
        when = scheduled[0]._when - MONOTONIC_BASE if scheduled else None
        ready: Any = self._ready  # type: ignore[attr-defined]
        sched.block(self._me, Wait("loop", self, lambda: bool(ready), when, None))

    # -- verdicts ---------------------------------------------------------------------------------

    def snapshot(self, only: list[Task] | None = None) -> list[dict[str, Any]]:
        out = []
        for task, pseudo in self._pseudo.items():
            if task.done() or (only is not None and pseudo not in only):
                continue
            where = self._where_of(task)
            wait = pseudo.wait or Wait("await", None, _never, None, where)
            out.append(
                {
                    "task": pseudo,
                    "where": wait.where or where,
                    "wait": wait,
                    "held": list(pseudo.held),
                    "owner": getattr(wait.obj, "_owner", None),
                    "ran": True,
                }
            )
        return out

    def _where_of(self, task: asyncio.Task[Any]) -> tuple[str, int] | None:
        files = self._sched.learner_files
        learner: tuple[str, int] | None = None
        other: tuple[str, int] | None = None
        obj: Any = task.get_coro()
        while obj is not None:
            frame: FrameType | None = getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None)
            if frame is not None:
                fn = frame.f_code.co_filename
                if fn in files:
                    learner = (fn, frame.f_lineno)
                elif not _is_library(fn):
                    other = (fn, frame.f_lineno)
            obj = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
        return learner or other

    def _stuck(self, why: str) -> None:
        sched = self._sched
        if sched.failure is None:
            if why == "hung":
                sched.failure = Failure("timeout", {"hung": True}, [])
            else:
                sched.failure = Failure("deadlock", {"async": True}, self.snapshot())
        sched.aborting = True
        raise Unwind

    def check_end(self, main: asyncio.Task[Any]) -> None:
        """After the main coroutine: tasks still pending (leaks) and task errors nobody retrieved."""
        sched = self._sched
        if sched.aborting:
            raise Unwind
        for task, pseudo in self._pseudo.items():
            if task is main or not task.done() or task.cancelled():
                continue
            if getattr(task, "_log_traceback", False):
                exc = task.exception()
                assert exc is not None
                sched.fail("error", {"exc": exc, "task": pseudo})
                raise Unwind
        pending = [p for t, p in self._pseudo.items() if not t.done()]
        if pending and sched.extras.get("leaks", True):
            sched.failure = Failure("leaked_thread", {"tasks": pending, "async": True}, self.snapshot(pending))
            sched.aborting = True
            raise Unwind

    def dispose(self) -> None:
        """Close every unfinished coroutine now (not at garbage collection, inside another schedule)."""
        for task in list(self._pseudo):
            if not task.done():
                coro: Any = task.get_coro()
                try:
                    if coro is not None:
                        coro.close()
                except BaseException:
                    pass
        self._pseudo.clear()
        if not self.is_closed():
            try:
                self._close_io()
            finally:
                self._ready.clear()  # type: ignore[attr-defined]
                self.close()

    def _close_io(self) -> None:
        """Close the sockets the run leaves open: the loop will not run again to finish closing them.

        A transport closed without ``wait_closed()`` (or by a coroutine closed above) only closes its socket in
        a callback still in the ready queue; a leaked server still listens. Their sockets are closed here, not
        by the garbage collector in the middle of another schedule (with a ResourceWarning).
        """
        selector = self._selector  # type: ignore[attr-defined]
        own = self._ssock.fileno()  # type: ignore[attr-defined]
        handles: list[Any] = [*self._ready, *self._scheduled]  # type: ignore[attr-defined]
        socks: list[socket.socket] = []
        for key in list(selector.get_map().values()):
            if key.fd == own:
                continue
            handles.extend(h for h in key.data if h is not None)
            if isinstance(key.fileobj, socket.socket):
                socks.append(key.fileobj)
            self._remove_reader(key.fileobj)  # type: ignore[attr-defined]
            self._remove_writer(key.fileobj)  # type: ignore[attr-defined]
        transports: list[Any] = []
        for handle in handles:
            if handle._cancelled:
                continue
            for obj in (getattr(handle._callback, "__self__", None), *(handle._args or ())):
                if isinstance(obj, asyncio.BaseTransport):
                    transports.append(obj)
                elif isinstance(obj, socket.socket):
                    socks.append(obj)
        for transport in transports:
            sock = getattr(transport, "_sock", None)
            if isinstance(sock, socket.socket):
                socks.append(sock)
                transport._sock = None
        for sock in socks:
            try:
                sock.close()
            except OSError:
                pass


def _future_of(handle: asyncio.Handle) -> int | None:
    """The future a handle is a callback of (its first argument), by identity: such callbacks keep their order."""
    args = handle._args
    if args and isinstance(args[0], asyncio.Future):
        return id(args[0])
    return None


def _noop() -> None:
    """Pseudo tasks never run as threads."""


def _quiet(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """Errors are reported by the explorer's own checks, deterministically, not by the loop's logger."""


def run(main: Coroutine[Any, Any, Any], sched: Scheduler) -> Any:
    """Run ``main`` to completion on a fresh seeded loop in the calling controlled thread."""
    loop = SeededLoop(sched)
    previous = asyncio.events._get_running_loop()
    try:
        task = loop.create_task(main)
        result = loop.run_until_complete(task)
        loop.check_end(task)
        return result
    finally:
        loop.dispose()
        asyncio.events._set_running_loop(previous)
