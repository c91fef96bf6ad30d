"""Stand-in for ``multiprocessing`` (model mode): processes are controlled threads, memory is shared.

Every ``Process`` target runs as a controlled thread under the scheduler, and the synchronisation objects are the
cooperative ones, so the explorer checks the learner's *synchronisation logic* (sentinels, lock order, semaphore
limits, lost updates on ``Value``). Items sent through queues and pipes are deep-copied, as pickling would.
With ``explore(..., processes="isolated")`` each started Process gets a fork-like snapshot of the learner's
module globals (see ``_isolate``); otherwise module globals are shared, unlike real processes.
"""

from __future__ import annotations

import copy
import multiprocessing as _real_mp
import sys
import threading as _real_threading
import traceback
import types
from collections import deque
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any

from ..errors import Terminated
from ..errors import Unwind
from ..errors import Violation
from ..naming import _ASSIGN
from ..naming import source
from ..runtime import current
from ..runtime import short
from ..tasks import Wait
from . import std_mpdummy
from . import std_queue
from . import std_threading
from .base import SHARE
from .base import StandIn
from .base import deadline

__all__ = [
    "Array", "Barrier", "BoundedSemaphore", "Condition", "Event", "JoinableQueue", "Lock", "Manager", "Pipe",
    "Pool", "Process", "Queue", "RLock", "RawArray", "RawValue", "Semaphore", "SimpleQueue", "Value",
    "active_children", "cpu_count", "current_process", "freeze_support", "get_context", "parent_process",
]  # fmt: skip

TimeoutError = _real_mp.TimeoutError
ProcessError = _real_mp.ProcessError
BufferTooShort = _real_mp.BufferTooShort
AuthenticationError = _real_mp.AuthenticationError
dummy = std_mpdummy

#: ``cpu_count()`` and ``Pool()`` workers: the same on every machine.
CPU_COUNT = std_mpdummy.DEFAULT_PROCESSES
#: Virtual pids: the main process is MAIN_PID, Process-n is MAIN_PID + n.
MAIN_PID = 10_000
SIGTERM_EXIT = -15
SIGKILL_EXIT = -9

_ATOMIC = frozenset({int, float, str, bytes, bool, type(None), complex})


def _copy(obj: Any) -> Any:
    """What the receiving end gets: a deep copy (as after pickling); stand-ins inside stay shared."""
    if type(obj) in _ATOMIC:
        return obj
    memo: dict[Any, Any] = {SHARE: True}
    try:
        return copy.deepcopy(obj, memo)
    except Exception:
        return obj


# -- processes ---------------------------------------------------------------------------------------


class Process(std_threading.Thread):
    """A "process" whose target runs as a controlled thread; exitcode 0, 1 (exception), n (sys.exit) or -15."""

    _kind = "Process"
    _is_process = True

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
        super().__init__(group, target, name or "Process", args, kwargs, daemon=bool(daemon))
        if name is None:
            self._name = f"Process-{self._serial}"
        self._code: int | None = None
        self._kill_code = SIGTERM_EXIT
        self._killed = False
        self._closed = False

    def start(self) -> None:
        sched = current()
        me = sched.me()
        if self._started:
            raise AssertionError("cannot start a process twice")
        if self._closed:
            raise ValueError("process object is closed")
        self._started = True
        if sched.extras.get("processes") == "isolated" and type(self).run is Process.run:
            self._target, self._args, self._kwargs = _isolate(sched.extras.get("modules", []), self)
        task = sched.spawn(self._name, self._main, self)
        task.daemon = self._daemonic
        self._task = task
        sched.log(me, sched.where(), "start", f"starts {self._name}")
        sched.step(me)

    def _main(self) -> None:
        code = 0
        try:
            self.run()
        except Terminated:
            code = self._kill_code
        except (Unwind, Violation):
            raise
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            code = 1
            sys.stderr.write(f"Process {self._name}:\n{traceback.format_exc()}")
        self._code = code

    def join(self, timeout: float | None = None) -> None:
        if not self._started:
            raise AssertionError("can only join a started process")
        super().join(timeout)

    def _signal(self, code: int) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        task = self._task
        if task is None or task.state == "done":
            return
        sched.log(me, sched.where(), "terminate", f"terminates {self._name}")
        self._killed = True
        self._kill_code = code
        if task is me:
            raise Terminated
        sched.kill(task)

    def terminate(self) -> None:
        self._signal(SIGTERM_EXIT)

    def kill(self) -> None:
        self._signal(SIGKILL_EXIT)

    def close(self) -> None:
        if self.is_alive():
            raise ValueError("Cannot close a process while it is still running.")
        self._closed = True

    @property
    def exitcode(self) -> int | None:
        task = self._task
        if task is None or task.state != "done":
            return None
        if self._code is not None:
            return self._code
        return self._kill_code if self._killed else 0

    @property
    def pid(self) -> int | None:
        return None if self._task is None else MAIN_PID + self._serial

    @property
    def ident(self) -> int | None:
        return self.pid

    @property
    def daemon(self) -> bool:
        return self._daemonic

    @daemon.setter
    def daemon(self, value: bool) -> None:
        if self._started:
            raise AssertionError("process has already started")
        self._daemonic = bool(value)

    def __repr__(self) -> str:
        if self._task is None:
            state = "initial"
        elif self._task.state != "done":
            state = "started"
        else:
            state = f"stopped exitcode={self.exitcode}"
        daemon = " daemon" if self._daemonic else ""
        return f"<{type(self).__name__} name={self._name!r} {state}{daemon}>"


class _MainProcess:
    """``current_process()`` in the scenario's main thread and in threads that are not Processes."""

    _is_process = True
    name = "MainProcess"
    pid = MAIN_PID
    ident = MAIN_PID
    daemon = False
    exitcode = None
    authkey = b"grader"

    def is_alive(self) -> bool:
        return True

    def __deepcopy__(self, memo: dict[Any, Any]) -> Any:
        return self

    def __repr__(self) -> str:
        return "<_MainProcess name='MainProcess' parent=None started>"


def current_process() -> Any:
    th = current().me().thread
    if isinstance(th, Process):
        return th
    return _main_process()


def _main_process() -> _MainProcess:
    extras = current().extras
    main = extras.get("main_process")
    if main is None:
        main = extras["main_process"] = _MainProcess()
    return main


def parent_process() -> Any:
    th = current().me().thread
    return _main_process() if isinstance(th, Process) else None


def active_children() -> list[Process]:
    return [t.thread for t in current().tasks if t.state == "alive" and isinstance(t.thread, Process)]


def cpu_count() -> int:
    return CPU_COUNT


def freeze_support() -> None:
    """Nothing to do."""


def set_start_method(method: str | None, force: bool = False) -> None:
    """Accepted and ignored: every start method is modelled the same way."""


def get_start_method(allow_none: bool = False) -> str:
    return "fork"


def get_all_start_methods() -> list[str]:
    return ["fork", "spawn", "forkserver"]


def get_context(method: str | None = None) -> types.ModuleType:
    """The model has one context: this module."""
    return sys.modules[__name__]


def set_executable(path: str) -> None:
    """Ignored."""


# -- isolation ---------------------------------------------------------------------------------------


def _isolate(modules: list[types.ModuleType], proc: Process) -> tuple[Any, tuple[Any, ...], dict[str, Any]]:
    """A fork-like snapshot for one Process: fresh copies of the learner modules' globals, as they are now.

    Module-level functions are re-created over the copied globals, data is deep-copied, stand-in
    synchronisation objects (locks, queues, Values, pipes, manager proxies) stay shared, as a forked child
    inherits them. The target and its arguments are copied with the same memo. Limits: methods of classes still
    see the original globals; values that cannot be copied stay shared.
    """
    target, args, kwargs = proc._target, proc._args, proc._kwargs
    if not modules:
        return target, args, kwargs
    memo: dict[Any, Any] = {SHARE: True}
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    by_dict: dict[int, dict[str, Any]] = {}
    for mod in modules:
        old = vars(mod)
        clone = types.ModuleType(mod.__name__)
        new = vars(clone)
        memo[id(mod)] = clone
        memo[id(old)] = new
        by_dict[id(old)] = new
        pairs.append((old, new))
    for old, _new in pairs:
        for value in list(old.values()):
            if isinstance(value, types.FunctionType) and id(value.__globals__) in by_dict and id(value) not in memo:
                memo[id(value)] = _clone_function(value, by_dict[id(value.__globals__)])
    for old, new in pairs:
        for key, value in list(old.items()):
            if key in ("__builtins__", "__name__", "__file__", "__dict__"):
                new[key] = value
                continue
            if isinstance(value, types.ModuleType):
                new[key] = memo.get(id(value), value)
                continue
            try:
                new[key] = copy.deepcopy(value, memo)
            except Exception:
                new[key] = value
        # distinct globals for the lost-update oracle: the child's counter is not the parent's
        new["__name__"] = f"{old.get('__name__')}<{proc._name}>"
    try:
        copied = copy.deepcopy((target, args, kwargs), memo)
    except Exception:
        return target, args, kwargs
    return copied[0], tuple(copied[1]), dict(copied[2])


def _clone_function(f: types.FunctionType, g: dict[str, Any]) -> types.FunctionType:
    c = types.FunctionType(f.__code__, g, f.__name__, f.__defaults__, f.__closure__)
    c.__kwdefaults__ = f.__kwdefaults__
    c.__qualname__ = f.__qualname__
    c.__module__ = f.__module__
    c.__doc__ = f.__doc__
    c.__dict__.update(f.__dict__)
    return c


# -- synchronisation -------------------------------------------------------------------------------


def _timeout_of(timeout: float | None) -> float:
    return -1 if timeout is None else timeout


class Lock(std_threading.Lock):
    """``multiprocessing.Lock``: acquire(block=True, timeout=None)."""

    def acquire(  # type: ignore[override]
        self, block: bool = True, timeout: float | None = None, *, blocking: bool | None = None
    ) -> bool:
        return super().acquire(block if blocking is None else blocking, _timeout_of(timeout))


class RLock(std_threading.RLock):
    """``multiprocessing.RLock``: acquire(block=True, timeout=None)."""

    def acquire(  # type: ignore[override]
        self, block: bool = True, timeout: float | None = None, *, blocking: bool | None = None
    ) -> bool:
        return super().acquire(block if blocking is None else blocking, _timeout_of(timeout))


class Semaphore(std_threading.Semaphore):
    """``multiprocessing.Semaphore``: acquire(block=True, timeout=None), get_value()."""

    def acquire(  # type: ignore[override]
        self, block: bool = True, timeout: float | None = None, *, blocking: bool | None = None
    ) -> bool:
        return super().acquire(block if blocking is None else blocking, timeout)

    def get_value(self) -> int:
        return self._value


class BoundedSemaphore(std_threading.BoundedSemaphore):
    """``multiprocessing.BoundedSemaphore``."""

    def acquire(  # type: ignore[override]
        self, block: bool = True, timeout: float | None = None, *, blocking: bool | None = None
    ) -> bool:
        return super().acquire(block if blocking is None else blocking, timeout)

    def get_value(self) -> int:
        return self._value


Event = std_threading.Event
Condition = std_threading.Condition
Barrier = std_threading.Barrier


# -- queues ------------------------------------------------------------------------------------------


class JoinableQueue(std_queue.Queue):
    """``multiprocessing.JoinableQueue``: items are copied on put; close() makes later calls fail."""

    _kind = "Queue"

    def __init__(self, maxsize: int = 0, *, ctx: Any = None) -> None:
        super().__init__(maxsize)
        self._closed = False

    def _check_closed(self) -> None:
        if self._closed:
            raise ValueError(f"Queue {self!r} is closed")

    def put(self, obj: Any, block: bool = True, timeout: float | None = None) -> None:
        self._check_closed()
        super().put(_copy(obj), block, timeout)

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        self._check_closed()
        return super().get(block, timeout)

    def close(self) -> None:
        self._closed = True

    def join_thread(self) -> None:
        """Nothing to flush: there is no feeder thread."""

    def cancel_join_thread(self) -> None:
        """Nothing to cancel."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object>"


def _no_attr(name: str) -> Any:
    def fail(self: Any) -> Any:
        raise AttributeError(f"'Queue' object has no attribute '{name}' (use multiprocessing.JoinableQueue)")

    return property(fail)


class Queue(JoinableQueue):
    """``multiprocessing.Queue``: like JoinableQueue without task_done()/join()."""

    task_done = _no_attr("task_done")
    join = _no_attr("join")


class SimpleQueue(std_queue.SimpleQueue):
    """``multiprocessing.SimpleQueue``: put/get/empty/close."""

    def put(self, obj: Any, block: bool = True, timeout: float | None = None) -> None:
        super().put(_copy(obj))

    def close(self) -> None:
        """Nothing to release."""


# -- shared memory -------------------------------------------------------------------------------------


def _label(where: tuple[str, int] | None, fallback: str) -> str:
    m = _ASSIGN.match(source(where))
    return m.group(1) if m is not None else fallback


def _track(obj: Any, key: Any, label: str, value: Any, is_write: bool) -> None:
    """Feed a read or write of shared memory, made by the learner's code, to the lost-update oracle."""
    sched = current()
    if sched.aborting:
        return
    task = sched.by_ident.get(_real_threading.get_ident())
    if task is None:
        return
    frame = sys._getframe(2)
    if frame.f_code.co_filename not in sched.learner_files:
        return
    shared = sched.shared
    if shared is None:
        return
    if key not in shared.versions:
        shared.versions[key] = 0
        shared.keep.append(obj)
    where = (frame.f_code.co_filename, frame.f_lineno)
    if is_write:
        shared.write(task, key, label, value, where)
        if sched.aborting:
            raise Unwind
    else:
        shared.read(task, key, label, value, where)


def _default(typecode: Any) -> Any:
    if typecode in ("d", "f"):
        return 0.0
    if typecode == "c":
        return b"\x00"
    return 0


def _make_lock(lock: Any) -> Any:
    if lock is True:
        return RLock()
    if lock is False or lock is None:
        return None
    return lock


class Synchronized(StandIn):
    """``multiprocessing.Value``: ``.value`` reads and writes are tracked like shared attributes."""

    _kind = "Value"

    def __init__(self, typecode: Any, value: Any, lock: Any) -> None:
        super().__init__()
        self._typecode = typecode
        self._value = value
        self._lock = _make_lock(lock)
        self._label = _label(self._where, f"Value#{self._serial}") + ".value"

    @property
    def value(self) -> Any:
        value = self._value
        _track(self, (id(self), "value"), self._label, value, False)
        return value

    @value.setter
    def value(self, new: Any) -> None:
        self._value = new
        _track(self, (id(self), "value"), self._label, new, True)

    def get_lock(self) -> Any:
        if self._lock is None:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute 'get_lock'")
        return self._lock

    def get_obj(self) -> Any:
        return self._value

    def acquire(self, *args: Any, **kwargs: Any) -> bool:
        return bool(self.get_lock().acquire(*args, **kwargs))

    def release(self) -> None:
        self.get_lock().release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} wrapper for {short(self._value)}>"


class SynchronizedArray(StandIn):
    """``multiprocessing.Array``: item reads and writes are tracked per index."""

    _kind = "Array"

    def __init__(self, typecode: Any, items: list[Any], lock: Any) -> None:
        super().__init__()
        self._typecode = typecode
        self._items = items
        self._lock = _make_lock(lock)
        self._label = _label(self._where, f"Array#{self._serial}")

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i: Any) -> Any:
        value = self._items[i]
        if isinstance(i, int):
            _track(self, (id(self), i % len(self._items)), f"{self._label}[{i}]", value, False)
        return value

    def __setitem__(self, i: Any, value: Any) -> None:
        self._items[i] = value
        if isinstance(i, int):
            _track(self, (id(self), i % len(self._items)), f"{self._label}[{i}]", value, True)

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._items))

    @property
    def value(self) -> Any:
        if self._typecode != "c":
            raise AttributeError(f"'{type(self).__name__}' object has no attribute 'value'")
        return b"".join(self._items)

    def get_lock(self) -> Any:
        if self._lock is None:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute 'get_lock'")
        return self._lock

    def get_obj(self) -> list[Any]:
        return self._items

    def acquire(self, *args: Any, **kwargs: Any) -> bool:
        return bool(self.get_lock().acquire(*args, **kwargs))

    def release(self) -> None:
        self.get_lock().release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} wrapper for {short(self._items)}>"


def Value(typecode_or_type: Any, *args: Any, lock: Any = True) -> Synchronized:
    return Synchronized(typecode_or_type, args[0] if args else _default(typecode_or_type), lock)


def RawValue(typecode_or_type: Any, *args: Any) -> Synchronized:
    return Synchronized(typecode_or_type, args[0] if args else _default(typecode_or_type), False)


def Array(typecode_or_type: Any, size_or_initializer: Any, *, lock: Any = True) -> SynchronizedArray:
    if isinstance(size_or_initializer, int):
        items = [_default(typecode_or_type)] * size_or_initializer
    else:
        items = list(size_or_initializer)
    return SynchronizedArray(typecode_or_type, items, lock)


def RawArray(typecode_or_type: Any, size_or_initializer: Any) -> SynchronizedArray:
    return Array(typecode_or_type, size_or_initializer, lock=False)


# -- pools and managers --------------------------------------------------------------------------------


class Pool(std_mpdummy.ThreadPool):
    """``multiprocessing.Pool``: worker "processes" are controlled threads (as in multiprocessing.dummy)."""

    def __init__(
        self,
        processes: int | None = None,
        initializer: Callable[..., Any] | None = None,
        initargs: tuple[Any, ...] = (),
        maxtasksperchild: int | None = None,
        context: Any = None,
    ) -> None:
        super().__init__(processes, initializer, initargs)

    def __deepcopy__(self, memo: dict[Any, Any]) -> Any:
        if memo.get(SHARE):
            return self
        raise NotImplementedError("pool objects cannot be passed between processes or pickled")


class DictProxy(dict[Any, Any]):
    """``Manager().dict()``: a plain dict shared by every "process"."""

    def __deepcopy__(self, memo: dict[Any, Any]) -> Any:
        return self if memo.get(SHARE) else DictProxy(copy.deepcopy(dict(self), memo))


class ListProxy(list[Any]):
    """``Manager().list()``: a plain list shared by every "process"."""

    def __deepcopy__(self, memo: dict[Any, Any]) -> Any:
        return self if memo.get(SHARE) else ListProxy(copy.deepcopy(list(self), memo))


class Namespace(types.SimpleNamespace):
    """``Manager().Namespace()``: attributes shared by every "process"."""

    def __deepcopy__(self, memo: dict[Any, Any]) -> Any:
        return self if memo.get(SHARE) else Namespace(**copy.deepcopy(vars(self), memo))


class SyncManager:
    """``Manager()``: the proxies are plain shared objects and the stand-in primitives."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._state = "INITIAL"

    def start(self, *args: Any, **kwargs: Any) -> None:
        self._state = "STARTED"

    def connect(self) -> None:
        self._state = "STARTED"

    def shutdown(self) -> None:
        self._state = "SHUTDOWN"

    def join(self, timeout: float | None = None) -> None:
        """Nothing to wait for."""

    def __enter__(self) -> SyncManager:
        self._state = "STARTED"
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def __deepcopy__(self, memo: dict[Any, Any]) -> Any:
        return self

    def dict(self, *args: Any, **kwargs: Any) -> DictProxy:
        return DictProxy(*args, **kwargs)

    def list(self, *args: Any) -> ListProxy:
        return ListProxy(*args)

    def Namespace(self, **kwargs: Any) -> Namespace:
        return Namespace(**kwargs)

    def Value(self, typecode: Any, value: Any) -> Synchronized:
        return Synchronized(typecode, value, False)

    def Array(self, typecode: Any, sequence: Iterable[Any]) -> SynchronizedArray:
        return SynchronizedArray(typecode, list(sequence), False)

    def Queue(self, maxsize: int = 0) -> JoinableQueue:
        return JoinableQueue(maxsize)

    JoinableQueue = Queue

    def Lock(self) -> Lock:
        return Lock()

    def RLock(self) -> RLock:
        return RLock()

    def Semaphore(self, value: int = 1) -> Semaphore:
        return Semaphore(value)

    def BoundedSemaphore(self, value: int = 1) -> BoundedSemaphore:
        return BoundedSemaphore(value)

    def Event(self) -> std_threading.Event:
        return std_threading.Event()

    def Condition(self, lock: Any = None) -> std_threading.Condition:
        return std_threading.Condition(lock)

    def Barrier(self, parties: int, action: Callable[[], Any] | None = None, timeout: float | None = None) -> Any:
        return std_threading.Barrier(parties, action, timeout)

    def Pool(self, processes: int | None = None, *args: Any) -> Pool:
        return Pool(processes, *args)


def Manager(*args: Any, **kwargs: Any) -> SyncManager:
    manager = SyncManager()
    manager.start()
    return manager


# -- pipes ---------------------------------------------------------------------------------------------


class Connection(StandIn):
    """One end of a ``Pipe``: send/recv/poll/close; recv raises EOFError once the other end is closed and empty."""

    _kind = "Connection"

    def __init__(self, readable: bool, writable: bool) -> None:
        super().__init__()
        self._readable = readable
        self._writable = writable
        self._inbox: deque[Any] = deque()
        self._peer: Connection = self
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def readable(self) -> bool:
        return self._readable

    @property
    def writable(self) -> bool:
        return self._writable

    def _check(self, readable: bool) -> None:
        if self._closed:
            raise OSError("handle is closed")
        if readable and not self._readable:
            raise OSError("connection is write-only")
        if not readable and not self._writable:
            raise OSError("connection is read-only")

    def send(self, obj: Any) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        self._check(False)
        peer = self._peer
        if peer._closed:
            raise BrokenPipeError(32, "Broken pipe")
        peer._inbox.append(_copy(obj))
        sched.changed()
        sched.log(me, sched.where(), "put", (f"sends {short(obj)} into {{}}", self))

    def send_bytes(self, buf: bytes, offset: int = 0, size: int | None = None) -> None:
        data = bytes(buf)[offset:] if size is None else bytes(buf)[offset : offset + size]
        self.send(data)

    def _ready(self) -> bool:
        return bool(self._inbox) or self._peer._closed

    def recv(self) -> Any:
        sched = current()
        me = sched.me()
        sched.step(me)
        self._check(True)
        where = sched.where()
        if not self._inbox and not self._peer._closed:
            sched.log(me, where, "blocked", ("waits in {}.recv()", self))
            sched.block(me, Wait("recv", self, self._ready, None, where))
        if not self._inbox:
            raise EOFError
        item = self._inbox.popleft()
        sched.changed()
        sched.log(me, where, "get", (f"receives {short(item)} from {{}}", self))
        return item

    def recv_bytes(self, maxlength: int | None = None) -> bytes:
        data = self.recv()
        return bytes(data)

    def poll(self, timeout: float | None = 0.0) -> bool:
        sched = current()
        me = sched.me()
        sched.step(me)
        self._check(True)
        if self._ready():
            return True
        if timeout is not None and timeout <= 0:
            return False
        where = sched.where()
        return sched.block(me, Wait("poll", self, self._ready, deadline(timeout), where))

    def close(self) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        if not self._closed:
            self._closed = True
            sched.changed()
            sched.log(me, sched.where(), "close", ("closes {}", self))

    def fileno(self) -> int:
        raise OSError("grader.explorer: pipe connections have no file descriptor in model mode")

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Connection{' closed' if self._closed else ''}>"


def Pipe(duplex: bool = True) -> tuple[Connection, Connection]:
    """(a, b): duplex ends, or (reader, writer) when ``duplex`` is False."""
    if duplex:
        a, b = Connection(True, True), Connection(True, True)
    else:
        a, b = Connection(True, False), Connection(False, True)
    a._peer, b._peer = b, a
    return a, b


def wait(object_list: Iterable[Connection], timeout: float | None = None) -> list[Connection]:
    """``multiprocessing.connection.wait`` for connections: those ready to recv (data or EOF)."""
    conns = list(object_list)
    sched = current()
    me = sched.me()
    sched.step(me)

    def ready() -> bool:
        return any(c._ready() for c in conns)

    if not ready() and (timeout is None or timeout > 0):
        sched.block(me, Wait("poll", conns[0] if conns else None, ready, deadline(timeout), sched.where()))
    return [c for c in conns if c._ready()]


# -- submodules (``import multiprocessing.pool`` and friends) --------------------------------------------


def _submodule(name: str, **attrs: Any) -> types.ModuleType:
    mod = types.ModuleType(f"multiprocessing.{name}")
    mod.__dict__.update(attrs)
    return mod


pool = _submodule("pool", Pool=Pool, ThreadPool=std_mpdummy.ThreadPool, AsyncResult=std_mpdummy.AsyncResult)
connection = _submodule("connection", Pipe=Pipe, Connection=Connection, wait=wait)
queues = _submodule("queues", Queue=Queue, JoinableQueue=JoinableQueue, SimpleQueue=SimpleQueue)
synchronize = _submodule(
    "synchronize",
    Lock=Lock,
    RLock=RLock,
    Semaphore=Semaphore,
    BoundedSemaphore=BoundedSemaphore,
    Event=Event,
    Condition=Condition,
    Barrier=Barrier,
)
sharedctypes = _submodule(
    "sharedctypes", Value=Value, Array=Array, RawValue=RawValue, RawArray=RawArray, Synchronized=Synchronized
)
managers = _submodule("managers", SyncManager=SyncManager, DictProxy=DictProxy, ListProxy=ListProxy)
process = _submodule(
    "process",
    BaseProcess=Process,
    current_process=current_process,
    parent_process=parent_process,
    active_children=active_children,
)
SUBMODULES = {
    "multiprocessing.pool": pool,
    "multiprocessing.connection": connection,
    "multiprocessing.queues": queues,
    "multiprocessing.synchronize": synchronize,
    "multiprocessing.sharedctypes": sharedctypes,
    "multiprocessing.managers": managers,
    "multiprocessing.process": process,
    "multiprocessing.dummy": std_mpdummy,
}


def __getattr__(name: str) -> Any:
    raise AttributeError(f"multiprocessing.{name} is not supported by the grader's model of multiprocessing")
