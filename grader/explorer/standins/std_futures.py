"""Stand-in for ``concurrent.futures``: futures and a thread pool built on the stand-in threads and queue."""

from __future__ import annotations

import concurrent.futures as _real
from collections import namedtuple
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
from .base import StandIn
from .base import deadline

CancelledError = _real.CancelledError
TimeoutError = _real.TimeoutError
InvalidStateError = _real.InvalidStateError
BrokenExecutor = _real.BrokenExecutor
FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"
DoneAndNotDoneFutures = namedtuple("DoneAndNotDoneFutures", "done not_done")

#: ``max_workers=None`` gives this many workers, the same on every machine.
DEFAULT_WORKERS = 4


class Future(StandIn):
    """The result of a call that may not have finished yet."""

    _kind = "Future"

    def __init__(self) -> None:
        super().__init__()
        self._state = "PENDING"
        self._result: Any = None
        self._exception: BaseException | None = None
        self._callbacks: list[Callable[[Future], Any]] = []
        self._finished_seq = 0

    def done(self) -> bool:
        return self._state in ("FINISHED", "CANCELLED")

    def running(self) -> bool:
        return self._state == "RUNNING"

    def cancelled(self) -> bool:
        return self._state == "CANCELLED"

    def cancel(self) -> bool:
        if self._state in ("RUNNING", "FINISHED"):
            return False
        if self._state == "PENDING":
            self._state = "CANCELLED"
            self._finish()
        return True

    def set_running_or_notify_cancel(self) -> bool:
        if self._state == "CANCELLED":
            return False
        self._state = "RUNNING"
        return True

    def set_result(self, result: Any) -> None:
        self._result = result
        self._state = "FINISHED"
        self._finish()

    def set_exception(self, exception: BaseException) -> None:
        self._exception = exception
        self._state = "FINISHED"
        self._finish()

    def _finish(self) -> None:
        sched = current()
        self._finished_seq = sched.new_serial("finished")
        sched.changed()
        callbacks, self._callbacks = self._callbacks, []
        for fn in callbacks:
            fn(self)

    def add_done_callback(self, fn: Callable[[Future], Any]) -> None:
        if self.done():
            fn(self)
        else:
            self._callbacks.append(fn)

    def _wait(self, timeout: float | None) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        if not self.done():
            ok = sched.block(me, Wait("result", self, self.done, deadline(timeout), sched.where(3)))
            if not ok:
                raise TimeoutError()
        if self._state == "CANCELLED":
            raise CancelledError()

    def result(self, timeout: float | None = None) -> Any:
        self._wait(timeout)
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self, timeout: float | None = None) -> BaseException | None:
        self._wait(timeout)
        return self._exception


class Executor:
    """Base class, for isinstance checks."""


class ThreadPoolExecutor(Executor):
    """A pool of controlled worker threads fed through a stand-in queue."""

    def __init__(
        self,
        max_workers: int | None = None,
        thread_name_prefix: str = "",
        initializer: Callable[..., Any] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        if max_workers is None:
            max_workers = DEFAULT_WORKERS
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        n = current().new_serial("ThreadPoolExecutor") - 1
        self._max_workers = max_workers
        self._prefix = thread_name_prefix or f"ThreadPoolExecutor-{n}"
        self._initializer = initializer
        self._initargs = initargs
        self._work = std_queue.SimpleQueue()
        self._threads: list[std_threading.Thread] = []
        self._idle = 0
        self._shutdown = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        future = Future()
        self._work.put((future, fn, args, kwargs))
        if self._idle > 0:
            self._idle -= 1
        elif len(self._threads) < self._max_workers:
            t = std_threading.Thread(name=f"{self._prefix}_{len(self._threads)}", target=self._worker)
            self._threads.append(t)
            t.start()
        return future

    def _worker(self) -> None:
        if self._initializer is not None:
            self._initializer(*self._initargs)
        while True:
            item = self._work.get()
            if item is None:
                self._work.put(None)
                return
            future, fn, args, kwargs = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args, **kwargs)
            except (Unwind, Violation):
                raise
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)
            del item, future, fn, args, kwargs
            self._idle += 1

    def map(
        self, fn: Callable[..., Any], *iterables: Iterable[Any], timeout: float | None = None, chunksize: int = 1
    ) -> Iterator[Any]:
        futures = [self.submit(fn, *args) for args in zip(*iterables, strict=False)]

        def results() -> Iterator[Any]:
            for f in futures:
                yield f.result(timeout)

        return results()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._shutdown = True
        if cancel_futures:
            for item in list(self._work.queue):
                if item is not None:
                    item[0].cancel()
        self._work.put(None)
        if wait:
            for t in self._threads:
                t.join()

    def __enter__(self) -> ThreadPoolExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown(wait=True)


#: Worker processes are modelled as threads.
ProcessPoolExecutor = ThreadPoolExecutor


def _unique(fs: Iterable[Future]) -> list[Future]:
    return list(dict.fromkeys(fs))


def as_completed(fs: Iterable[Future], timeout: float | None = None) -> Iterator[Future]:
    pending = _unique(fs)
    total = len(pending)
    end = deadline(timeout)
    sched = current()
    where = sched.where()
    while pending:
        ready = sorted((f for f in pending if f.done()), key=lambda f: f._finished_seq)
        if not ready:
            me = sched.me()
            ok = sched.block(me, Wait("as_completed", None, lambda: any(f.done() for f in pending), end, where))
            if not ok:
                raise TimeoutError(f"{len(pending)} (of {total}) futures unfinished")
            continue
        for f in ready:
            pending.remove(f)
            yield f


def wait(fs: Iterable[Future], timeout: float | None = None, return_when: str = ALL_COMPLETED) -> Any:
    futures = _unique(fs)
    sched = current()
    me = sched.me()
    sched.step(me)

    def ready() -> bool:
        done = [f for f in futures if f.done()]
        if return_when == FIRST_COMPLETED:
            return bool(done)
        if return_when == FIRST_EXCEPTION and any(f._exception is not None for f in done if not f.cancelled()):
            return True
        return len(done) == len(futures)

    if not ready():
        sched.block(me, Wait("wait", None, ready, deadline(timeout), sched.where()))
    done = {f for f in futures if f.done()}
    return DoneAndNotDoneFutures(done, {f for f in futures if f not in done})
