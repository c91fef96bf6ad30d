"""Stand-in for ``multiprocessing.dummy``: a thread pool and process-like threads on the stand-ins."""

from __future__ import annotations

import multiprocessing as _real_mp
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from typing import Any

from ..errors import Unwind
from ..errors import Violation
from ..runtime import current
from ..tasks import Wait
from . import std_queue
from . import std_threading
from .base import deadline
from .std_threading import Barrier
from .std_threading import BoundedSemaphore
from .std_threading import Condition
from .std_threading import Event
from .std_threading import Lock
from .std_threading import RLock
from .std_threading import Semaphore
from .std_threading import current_thread as current_process

__all__ = [
    "Array", "Barrier", "BoundedSemaphore", "Condition", "DummyProcess", "Event", "JoinableQueue", "Lock",
    "Pool", "Process", "Queue", "RLock", "Semaphore", "ThreadPool", "Value", "active_children",
    "current_process", "freeze_support",
]  # fmt: skip

TimeoutError = _real_mp.TimeoutError
Queue = std_queue.Queue
JoinableQueue = std_queue.Queue
#: ``Pool()`` gives this many workers, the same on every machine.
DEFAULT_PROCESSES = 4


class DummyProcess(std_threading.Thread):
    """A "process" that is a controlled thread."""

    @property
    def exitcode(self) -> int | None:
        if self._started and not self.is_alive():
            return 0
        return None


Process = DummyProcess


def active_children() -> list[std_threading.Thread]:
    return [t for t in std_threading.enumerate() if t is not std_threading.main_thread()]


def freeze_support() -> None:
    """Nothing to do."""


def cpu_count() -> int:
    return DEFAULT_PROCESSES


class Value:
    """A shared value (threads share memory; there is no implicit lock)."""

    def __init__(self, typecode: Any, value: Any = 0, lock: bool = True) -> None:
        self._typecode = typecode
        self.value = value


def Array(typecode: Any, sequence: Iterable[Any], lock: bool = True) -> list[Any]:
    return list(sequence)


class AsyncResult:
    """The pending result of ``apply_async``."""

    def __init__(self, callback: Callable[[Any], Any] | None, error_callback: Callable[[Any], Any] | None) -> None:
        self._callback = callback
        self._error_callback = error_callback
        self._ready = False
        self._success = False
        self._value: Any = None
        self._seq = 0

    def _set(self, success: bool, value: Any) -> None:
        self._success, self._value = success, value
        if success and self._callback is not None:
            self._callback(value)
        if not success and self._error_callback is not None:
            self._error_callback(value)
        sched = current()
        self._seq = sched.new_serial("finished")
        self._ready = True
        sched.changed()

    def ready(self) -> bool:
        return self._ready

    def successful(self) -> bool:
        if not self._ready:
            raise ValueError("result is not ready")
        return self._success

    def wait(self, timeout: float | None = None) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        if not self._ready:
            sched.block(me, Wait("result", self, self.ready, deadline(timeout), sched.where(3)))

    def get(self, timeout: float | None = None) -> Any:
        self.wait(timeout)
        if not self._ready:
            raise TimeoutError
        if self._success:
            return self._value
        raise self._value


class MapResult(AsyncResult):
    """The pending results of ``map_async``: a list, or the first error."""

    def __init__(self, parts: list[AsyncResult], callback: Any, error_callback: Any) -> None:
        super().__init__(callback, error_callback)
        self._parts = parts

    def ready(self) -> bool:
        return all(p._ready for p in self._parts)

    def wait(self, timeout: float | None = None) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        if not self.ready():
            sched.block(me, Wait("result", self, self.ready, deadline(timeout), sched.where(3)))
        if self.ready() and not self._ready:
            failed = [p for p in self._parts if not p._success]
            if failed:
                self._set(False, failed[0]._value)
            else:
                self._set(True, [p._value for p in self._parts])


class ThreadPool:
    """``multiprocessing.dummy.Pool``: a fixed set of controlled worker threads."""

    def __init__(
        self,
        processes: int | None = None,
        initializer: Callable[..., Any] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        n = DEFAULT_PROCESSES if processes is None else processes
        if n < 1:
            raise ValueError("Number of processes must be at least 1")
        self._initializer = initializer
        self._initargs = initargs
        self._tasks = std_queue.Queue()
        self._state = "RUN"
        self._workers = [DummyProcess(target=self.worker) for _ in range(n)]
        for w in self._workers:
            w.daemon = True
            w.start()

    def worker(self) -> None:
        if self._initializer is not None:
            self._initializer(*self._initargs)
        while True:
            job = self._tasks.get()
            if job is None:
                return
            result, func, args, kwds = job
            try:
                value = func(*args, **kwds)
            except (Unwind, Violation):
                raise
            except Exception as exc:
                result._set(False, exc)
            else:
                result._set(True, value)
            del job, result, func, args, kwds

    def _check_running(self) -> None:
        if self._state != "RUN":
            raise ValueError("Pool not running")

    def apply_async(
        self,
        func: Callable[..., Any],
        args: Iterable[Any] = (),
        kwds: dict[str, Any] | None = None,
        callback: Callable[[Any], Any] | None = None,
        error_callback: Callable[[Any], Any] | None = None,
    ) -> AsyncResult:
        self._check_running()
        result = AsyncResult(callback, error_callback)
        self._tasks.put((result, func, tuple(args), dict(kwds or {})))
        return result

    def apply(self, func: Callable[..., Any], args: Iterable[Any] = (), kwds: dict[str, Any] | None = None) -> Any:
        return self.apply_async(func, args, kwds).get()

    def map_async(
        self,
        func: Callable[..., Any],
        iterable: Iterable[Any],
        chunksize: int | None = None,
        callback: Callable[[Any], Any] | None = None,
        error_callback: Callable[[Any], Any] | None = None,
    ) -> MapResult:
        parts = [self.apply_async(func, (x,)) for x in iterable]
        return MapResult(parts, callback, error_callback)

    def map(self, func: Callable[..., Any], iterable: Iterable[Any], chunksize: int | None = None) -> list[Any]:
        result: list[Any] = self.map_async(func, iterable).get()
        return result

    def starmap_async(
        self, func: Callable[..., Any], iterable: Iterable[Iterable[Any]], chunksize: int | None = None, **kw: Any
    ) -> MapResult:
        parts = [self.apply_async(func, tuple(x)) for x in iterable]
        return MapResult(parts, kw.get("callback"), kw.get("error_callback"))

    def starmap(self, func: Callable[..., Any], iterable: Iterable[Iterable[Any]], chunksize: int | None = None) -> Any:
        return self.starmap_async(func, iterable).get()

    def imap(self, func: Callable[..., Any], iterable: Iterable[Any], chunksize: int = 1) -> Iterator[Any]:
        parts = [self.apply_async(func, (x,)) for x in iterable]

        def results() -> Iterator[Any]:
            for p in parts:
                yield p.get()

        return results()

    def imap_unordered(self, func: Callable[..., Any], iterable: Iterable[Any], chunksize: int = 1) -> Iterator[Any]:
        parts = [self.apply_async(func, (x,)) for x in iterable]

        def results() -> Iterator[Any]:
            pending = list(parts)
            sched = current()
            while pending:
                ready = [p for p in pending if p._ready]
                if not ready:
                    me = sched.me()
                    sched.block(me, Wait("result", None, lambda: any(p._ready for p in pending), None, sched.where()))
                    continue
                first = min(ready, key=lambda p: p._seq)
                pending.remove(first)
                yield first.get()

        return results()

    def close(self) -> None:
        if self._state == "RUN":
            self._state = "CLOSE"
            for _ in self._workers:
                self._tasks.put(None)

    def terminate(self) -> None:
        if self._state == "RUN":
            self._tasks.queue.clear()
            for _ in self._workers:
                self._tasks.put(None)
        self._state = "TERMINATE"
        for w in self._workers:
            w.join()

    def join(self) -> None:
        if self._state == "RUN":
            raise ValueError("Pool is still running")
        for w in self._workers:
            w.join()

    def __enter__(self) -> ThreadPool:
        self._check_running()
        return self

    def __exit__(self, *exc: object) -> None:
        self.terminate()


Pool = ThreadPool
