"""Stand-in for ``threading``: threads and locks that switch only where the scheduler lets them."""

from __future__ import annotations

import threading as _real
from collections import namedtuple
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from ..runtime import current
from ..tasks import Task
from ..tasks import Wait
from .base import StandIn
from .base import deadline

BrokenBarrierError = _real.BrokenBarrierError
ThreadError = _real.ThreadError
TIMEOUT_MAX = _real.TIMEOUT_MAX
ExceptHookArgs = namedtuple("ExceptHookArgs", "exc_type exc_value exc_traceback thread")


def _default_excepthook(args: Any) -> None:
    """Default hook: the explorer reports the dead thread as an error."""


excepthook: Callable[[Any], None] = _default_excepthook
__excepthook__ = _default_excepthook


def reset() -> None:
    """Undo module-level changes a previous schedule made (excepthook)."""
    global excepthook
    excepthook = _default_excepthook


def handled_by_learner() -> Callable[[Any], None] | None:
    """The excepthook the scenario or learner installed, if any."""
    return None if excepthook is _default_excepthook else excepthook


# -- threads ---------------------------------------------------------------------------------------


class Thread(StandIn):
    """A controlled thread."""

    _kind = "Thread"

    def __init__(
        self,
        group: None = None,
        target: Callable[..., Any] | None = None,
        name: str | None = None,
        args: Iterable[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
        *,
        daemon: bool | None = None,
    ) -> None:
        super().__init__()
        sched = current()
        if name is None:
            sched.thread_counter += 1
            name = f"Thread-{sched.thread_counter}"
            tname = getattr(target, "__name__", None)
            if tname is not None:
                name += f" ({tname})"
        self._name = str(name)
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs or {})
        self._task: Task | None = None
        self._started = False
        if daemon is None:
            cur = sched.by_ident.get(_real.get_ident())
            daemon = bool(cur is not None and cur.thread is not None and cur.thread.daemon)
        self._daemonic = daemon

    def start(self) -> None:
        sched = current()
        me = sched.me()
        if self._started:
            raise RuntimeError("threads can only be started once")
        self._started = True
        task = sched.spawn(self._name, self.run, self)
        task.daemon = self._daemonic
        self._task = task
        sched.log(me, sched.where(), "start", f"starts {self._name}")
        sched.step(me)

    def run(self) -> None:
        try:
            if self._target is not None:
                self._target(*self._args, **self._kwargs)
        finally:
            del self._target, self._args, self._kwargs

    def join(self, timeout: float | None = None) -> None:
        sched = current()
        me = sched.me()
        if not self._started:
            raise RuntimeError("cannot join thread before it is started")
        if self._task is me:
            raise RuntimeError("cannot join current thread")
        sched.step(me)
        task = self._task
        assert task is not None
        if task.state == "done":
            return
        sched.block(me, Wait("join", self, lambda: task.state == "done", deadline(timeout), sched.where()))

    def is_alive(self) -> bool:
        return self._task is not None and self._task.state != "done"

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        self._name = str(value)
        if self._task is not None:
            self._task.name = self._name

    @property
    def ident(self) -> int | None:
        return None if self._task is None else 1000 + self._task.tid

    native_id = ident

    @property
    def daemon(self) -> bool:
        return self._daemonic

    @daemon.setter
    def daemon(self, value: bool) -> None:
        if self._started:
            raise RuntimeError("cannot set daemon status of active thread")
        self._daemonic = bool(value)

    def isDaemon(self) -> bool:
        return self._daemonic

    def setDaemon(self, value: bool) -> None:
        self.daemon = value

    def getName(self) -> str:
        return self._name

    def setName(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        state = (
            "stopped"
            if self._task is not None and self._task.state == "done"
            else ("started" if self._started else "initial")
        )
        return f"<{type(self).__name__}({self._name}, {state})>"


class _MainThread(Thread):
    def __init__(self) -> None:
        super().__init__(name="MainThread")
        self._started = True


def make_main_thread() -> Thread:
    """The Thread object of a schedule's controlled main thread."""
    return _MainThread()


def bind_main(thread: Thread, task: Task) -> None:
    thread._task = task


def current_thread() -> Thread:
    th = current().me().thread
    assert isinstance(th, Thread)
    return th


currentThread = current_thread


def main_thread() -> Thread:
    th = current().tasks[0].thread
    assert isinstance(th, Thread)
    return th


def enumerate() -> list[Thread]:
    return [t.thread for t in current().tasks if t.state != "done"]


def active_count() -> int:
    return sum(1 for t in current().tasks if t.state != "done")


activeCount = active_count


def get_ident() -> int:
    return 1000 + current().me().tid


get_native_id = get_ident


def settrace(func: Any) -> None:
    """Ignored: tracing belongs to the explorer."""


def setprofile(func: Any) -> None:
    """Ignored."""


def stack_size(size: int = 0) -> int:
    return 0


class Timer(Thread):
    """Call a function after a virtual delay unless cancelled."""

    def __init__(
        self,
        interval: float,
        function: Callable[..., Any],
        args: Iterable[Any] | None = None,
        kwargs: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.interval = interval
        self.function = function
        self.args = list(args) if args is not None else []
        self.kwargs = dict(kwargs) if kwargs is not None else {}
        self.finished = Event()

    def cancel(self) -> None:
        self.finished.set()

    def run(self) -> None:
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


# -- locks -----------------------------------------------------------------------------------------


class Lock(StandIn):
    """A non-reentrant lock."""

    _kind = "Lock"
    _reentrant = False

    def __init__(self) -> None:
        super().__init__()
        self._owner: Task | None = None
        self._count = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        sched = current()
        me = sched.me()
        sched.step(me)
        where = sched.where()
        if self._reentrant and self._owner is me:
            self._count += 1
            return True
        if blocking and (timeout is None or timeout < 0):
            sched.note_acquire(me, self, where)
        if self._owner is None:
            self._take(me, where)
            return True
        if not blocking:
            return False
        sched.log(me, where, "blocked", ("waits for {}", self))
        ok = sched.block(me, Wait("acquire", self, self._free, deadline(timeout), where))
        if not ok:
            sched.log(me, where, "timeout", ("gives up waiting for {}", self))
            return False
        self._take(me, where)
        return True

    def _free(self) -> bool:
        return self._owner is None

    def _take(self, me: Task, where: tuple[str, int] | None) -> None:
        sched = current()
        self._owner = me
        self._count = 1
        me.held.append(self)
        sched.changed()
        sched.log(me, where, "acquire", ("acquires {}", self))

    def release(self) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        if self._owner is None:
            raise RuntimeError("release unlocked lock")
        self._release_by(me, sched.where())

    def _release_by(self, me: Task, where: tuple[str, int] | None) -> None:
        sched = current()
        owner = self._owner
        assert owner is not None
        if self in owner.held:
            owner.held.remove(self)
        self._owner = None
        self._count = 0
        sched.changed()
        sched.log(me, where, "release", ("releases {}", self))

    def locked(self) -> bool:
        return self._owner is not None

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    # Condition support
    def _is_owned(self, me: Task) -> bool:
        return self._owner is me

    def _release_save(self, me: Task) -> int:
        count = self._count
        self._release_by(me, current().where(3))
        return count

    def _acquire_restore(self, me: Task, count: int) -> None:
        self.acquire()
        self._count = count

    def __repr__(self) -> str:
        state = "locked" if self._owner is not None else "unlocked"
        return f"<{state} {type(self).__name__} object>"


class RLock(Lock):
    """A reentrant lock: the owner may acquire it again; only the owner may release it."""

    _kind = "RLock"
    _reentrant = True

    def release(self) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        if self._owner is not me:
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if self._count == 0:
            self._release_by(me, sched.where())


class Condition(StandIn):
    """A condition variable over a stand-in lock (an RLock by default)."""

    _kind = "Condition"

    def __init__(self, lock: Lock | None = None) -> None:
        super().__init__()
        self._lock = lock if lock is not None else RLock()
        self._waiters: list[list[bool]] = []

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        return self._lock.acquire(blocking, timeout)

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        return self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def wait(self, timeout: float | None = None) -> bool:
        sched = current()
        me = sched.me()
        sched.step(me)
        if not self._lock._is_owned(me):
            raise RuntimeError("cannot wait on un-acquired lock")
        where = sched.where()
        cell = [False]
        self._waiters.append(cell)
        saved = self._lock._release_save(me)
        sched.log(me, where, "wait", ("waits on {}", self))
        try:
            ok = sched.block(me, Wait("wait", self, lambda: cell[0], deadline(timeout), where))
        finally:
            if not cell[0] and cell in self._waiters:
                self._waiters.remove(cell)
            if not sched.aborting:
                self._lock._acquire_restore(me, saved)
        return ok

    def wait_for(self, predicate: Callable[[], Any], timeout: float | None = None) -> Any:
        end = deadline(timeout)
        result = predicate()
        while not result:
            if end is not None:
                left = end - current().now
                if left <= 0:
                    break
                self.wait(left)
            else:
                self.wait()
            result = predicate()
        return result

    def notify(self, n: int = 1) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        if not self._lock._is_owned(me):
            raise RuntimeError("cannot notify on un-acquired lock")
        woken = self._waiters[:n]
        del self._waiters[:n]
        for cell in woken:
            cell[0] = True
        sched.changed()
        sched.log(me, sched.where(), "notify", ("notifies {}", self))

    def notify_all(self) -> None:
        self.notify(len(self._waiters))

    notifyAll = notify_all


class Semaphore(StandIn):
    """A counting semaphore."""

    _kind = "Semaphore"

    def __init__(self, value: int = 1) -> None:
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        super().__init__()
        self._value = value
        self._takers: list[Any] = []  # tasks holding a slot, so a deadlock can name a slot never given back

    def acquire(self, blocking: bool = True, timeout: float | None = None) -> bool:
        sched = current()
        me = sched.me()
        sched.step(me)
        where = sched.where()
        if self._value <= 0:
            if not blocking:
                return False
            sched.log(me, where, "blocked", ("waits for {}", self))
            ok = sched.block(me, Wait("acquire", self, lambda: self._value > 0, deadline(timeout), where))
            if not ok:
                return False
        self._value -= 1
        self._takers.append(me)
        sched.changed()
        sched.log(me, where, "acquire", ("acquires {}", self))
        return True

    def release(self, n: int = 1) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        for _ in range(n):
            if me in self._takers:
                self._takers.remove(me)
            elif self._takers:
                self._takers.pop(0)
        self._value += n
        sched.changed()
        sched.log(me, sched.where(), "release", ("releases {}", self))

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


class BoundedSemaphore(Semaphore):
    """A semaphore that refuses to be released above its initial value."""

    _kind = "BoundedSemaphore"

    def __init__(self, value: int = 1) -> None:
        super().__init__(value)
        self._initial = value

    def release(self, n: int = 1) -> None:
        if self._value + n > self._initial:
            raise ValueError("Semaphore released too many times")
        super().release(n)


class Event(StandIn):
    """A flag threads can wait for."""

    _kind = "Event"

    def __init__(self) -> None:
        super().__init__()
        self._flag = False

    def is_set(self) -> bool:
        return self._flag

    isSet = is_set

    def set(self) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        self._flag = True
        sched.changed()
        sched.log(me, sched.where(), "set", ("sets {}", self))

    def clear(self) -> None:
        sched = current()
        sched.step(sched.me())
        self._flag = False
        sched.changed()

    def wait(self, timeout: float | None = None) -> bool:
        sched = current()
        me = sched.me()
        sched.step(me)
        if self._flag:
            return True
        where = sched.where()
        sched.log(me, where, "wait", ("waits for {}", self))
        return sched.block(me, Wait("wait", self, lambda: self._flag, deadline(timeout), where))


class Barrier(StandIn):
    """A barrier for a fixed number of threads."""

    _kind = "Barrier"

    def __init__(self, parties: int, action: Callable[[], Any] | None = None, timeout: float | None = None) -> None:
        if parties < 1:
            raise ValueError("parties must be >= 1")
        super().__init__()
        self._parties = parties
        self._action = action
        self._timeout = timeout
        self._count = 0
        self._gen = 0
        self._broken = False

    def wait(self, timeout: float | None = None) -> int:
        sched = current()
        me = sched.me()
        sched.step(me)
        if self._broken:
            raise BrokenBarrierError
        gen = self._gen
        index = self._count
        self._count += 1
        if self._count == self._parties:
            if self._action is not None:
                try:
                    self._action()
                except BaseException:
                    self._break()
                    raise
            self._count = 0
            self._gen += 1
            sched.changed()
            return index
        where = sched.where()
        if timeout is None:
            timeout = self._timeout
        ok = sched.block(me, Wait("barrier", self, lambda: self._gen != gen or self._broken, deadline(timeout), where))
        if not ok:
            self._break()
        if self._gen == gen and self._broken:
            raise BrokenBarrierError
        return index

    def _break(self) -> None:
        self._broken = True
        current().changed()

    def abort(self) -> None:
        self._break()

    def reset(self) -> None:
        if self._count:
            self._break()
        self._broken = False
        self._count = 0
        self._gen += 1
        current().changed()

    @property
    def parties(self) -> int:
        return self._parties

    @property
    def n_waiting(self) -> int:
        return self._count

    @property
    def broken(self) -> bool:
        return self._broken


class local:
    """Thread-local data, keyed by controlled thread."""

    def __new__(cls, *args: Any, **kwargs: Any) -> local:
        self = object.__new__(cls)
        object.__setattr__(self, "_local__dicts", {current().me().tid: {}})
        object.__setattr__(self, "_local__args", (args, kwargs))
        return self

    def _local__dict(self) -> dict[str, Any]:
        dicts: dict[int, dict[str, Any]] = object.__getattribute__(self, "_local__dicts")
        tid = current().me().tid
        d = dicts.get(tid)
        if d is None:
            d = dicts[tid] = {}
            init = type(self).__init__
            if init is not object.__init__:
                args, kwargs = object.__getattribute__(self, "_local__args")
                init(self, *args, **kwargs)
        return d

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("_local__") or name == "__class__":
            return object.__getattribute__(self, name)
        d = object.__getattribute__(self, "_local__dict")()
        if name == "__dict__":
            return d
        if name in d:
            return d[name]
        return object.__getattribute__(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        object.__getattribute__(self, "_local__dict")()[name] = value

    def __delattr__(self, name: str) -> None:
        d = object.__getattribute__(self, "_local__dict")()
        try:
            del d[name]
        except KeyError:
            raise AttributeError(name) from None


def __getattr__(name: str) -> Any:
    raise AttributeError(f"threading.{name} is not supported by the grader's controlled scheduler")
