"""Stand-in for ``asyncio``: the real module, except that loops are seeded and the primitives report to the oracles.

``asyncio.run``/``Runner``/``new_event_loop`` give a ``SeededLoop``. ``Lock``, ``Semaphore``,
``BoundedSemaphore``, ``Event``, ``Condition`` and the queues are subclasses of the real ones that log their
operations, record what each task waits for (deadlock explanations), which locks it holds and the lock order.
"""

from __future__ import annotations

import asyncio as _real
import sys
import types
from collections.abc import Callable
from collections.abc import Coroutine
from typing import Any
from typing import Literal

from .. import aio
from ..runtime import current
from ..runtime import short
from ..tasks import Task
from ..tasks import Wait


def _never() -> bool:
    return False


def _named(obj: Any, kind: str) -> None:
    sched = current()
    obj._kind = kind
    obj._serial = sched.new_serial(kind)
    obj._where = sched.where(3)


def _me() -> Task | None:
    return current().alias


class _Waiting:
    """Marks ``me`` as waiting in ``op`` on ``obj`` for the deadlock explanation while the await lasts."""

    def __init__(self, me: Task | None, op: str, obj: Any, where: tuple[str, int] | None, blocked: bool) -> None:
        self.me = me if blocked else None
        if self.me is not None:
            self.me.wait = Wait(op, obj, _never, None, where)

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        if self.me is not None:
            self.me.wait = None


class Lock(_real.Lock):
    """``asyncio.Lock`` that knows its owner task."""

    def __init__(self) -> None:
        super().__init__()
        _named(self, "Lock")
        self._owner: Task | None = None

    async def acquire(self) -> Literal[True]:
        sched = current()
        me = _me()
        where = sched.where()
        busy = self.locked()
        if me is not None:
            sched.note_acquire(me, self, where)
            if busy:
                sched.log(me, where, "blocked", ("waits for {}", self))
        with _Waiting(me, "acquire", self, where, busy):
            await super().acquire()
        self._owner = me
        if me is not None:
            me.held.append(self)
            sched.log(me, where, "acquire", ("acquires {}", self))
        return True

    def release(self) -> None:
        super().release()
        owner = self._owner
        self._owner = None
        if owner is not None and self in owner.held:
            owner.held.remove(self)
        me = _me()
        if me is not None:
            sched = current()
            sched.log(me, sched.where(), "release", ("releases {}", self))


class Semaphore(_real.Semaphore):
    """``asyncio.Semaphore`` whose waits are explained."""

    def __init__(self, value: int = 1) -> None:
        super().__init__(value)
        _named(self, type(self).__name__)

    async def acquire(self) -> Literal[True]:
        sched = current()
        me = _me()
        where = sched.where()
        busy = self.locked()
        if me is not None and busy:
            sched.log(me, where, "blocked", ("waits for {}", self))
        with _Waiting(me, "acquire", self, where, busy):
            await super().acquire()
        if me is not None:
            sched.log(me, where, "acquire", ("acquires {}", self))
        return True


class BoundedSemaphore(Semaphore, _real.BoundedSemaphore):
    """``asyncio.BoundedSemaphore``."""

    def __init__(self, value: int = 1) -> None:
        _real.BoundedSemaphore.__init__(self, value)
        _named(self, "BoundedSemaphore")


class Event(_real.Event):
    """``asyncio.Event`` whose waits are explained."""

    def __init__(self) -> None:
        super().__init__()
        _named(self, "Event")

    async def wait(self) -> bool:  # type: ignore[override]
        sched = current()
        me = _me()
        where = sched.where()
        with _Waiting(me, "wait", self, where, not self.is_set()):
            return await super().wait()


class Condition(_real.Condition):
    """``asyncio.Condition`` (over a stand-in Lock by default) whose waits are explained."""

    def __init__(self, lock: Any = None) -> None:
        super().__init__(lock if lock is not None else Lock())
        _named(self, "Condition")

    async def wait(self) -> bool:  # type: ignore[override]
        sched = current()
        with _Waiting(_me(), "wait", self, sched.where(), True):
            return await super().wait()


class Queue(_real.Queue[Any]):
    """``asyncio.Queue`` whose puts, gets and waits are logged and explained."""

    def __init__(self, maxsize: int = 0) -> None:
        super().__init__(maxsize)
        _named(self, type(self).__name__)

    async def get(self) -> Any:
        sched = current()
        me = _me()
        where = sched.where()
        empty = self.empty()
        if me is not None and empty:
            sched.log(me, where, "blocked", ("waits in {}.get(): the queue is empty", self))
        with _Waiting(me, "get", self, where, empty):
            item = await super().get()
        if me is not None:
            sched.log(me, where, "get", (f"gets {short(item)} from {{}}", self))
        return item

    async def put(self, item: Any) -> None:
        sched = current()
        me = _me()
        where = sched.where()
        full = self.full()
        if me is not None and full:
            sched.log(me, where, "blocked", ("waits in {}.put(): the queue is full", self))
        with _Waiting(me, "put", self, where, full):
            await super().put(item)
        if me is not None:
            sched.log(me, where, "put", (f"puts {short(item)} into {{}}", self))

    async def join(self) -> None:
        sched = current()
        with _Waiting(_me(), "qjoin", self, sched.where(), self._unfinished_tasks > 0):  # type: ignore[attr-defined]
            await super().join()


class PriorityQueue(Queue, _real.PriorityQueue[Any]):
    """``asyncio.PriorityQueue``."""


class LifoQueue(Queue, _real.LifoQueue[Any]):
    """``asyncio.LifoQueue``."""


# -- loops ---------------------------------------------------------------------------------------------


def run(main: Coroutine[Any, Any, Any], *, debug: bool | None = None, **kwargs: Any) -> Any:
    """``asyncio.run`` on a seeded loop with virtual time."""
    if _real.events._get_running_loop() is not None:
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    return aio.run(main, current())


def new_event_loop() -> aio.SeededLoop:
    return aio.SeededLoop(current())


class Runner:
    """``asyncio.Runner`` on a seeded loop."""

    def __init__(self, *, debug: bool | None = None, loop_factory: Callable[[], Any] | None = None) -> None:
        self._loop: aio.SeededLoop | None = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_loop(self) -> aio.SeededLoop:
        if self._loop is None:
            self._loop = aio.SeededLoop(current())
        return self._loop

    def run(self, coro: Coroutine[Any, Any, Any], *, context: Any = None) -> Any:
        loop = self.get_loop()
        task = loop.create_task(coro)
        result = loop.run_until_complete(task)
        loop.check_end(task)
        return result

    def close(self) -> None:
        if self._loop is not None:
            self._loop.dispose()


class _Module(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        return getattr(_real, name)


def _build() -> types.ModuleType:
    mod = _Module("asyncio")
    mine = sys.modules[__name__]
    for name in (
        "Lock", "Semaphore", "BoundedSemaphore", "Event", "Condition", "Queue", "PriorityQueue", "LifoQueue",
        "run", "new_event_loop", "Runner",
    ):  # fmt: skip
        setattr(mod, name, getattr(mine, name))
    mod.__doc__ = _real.__doc__
    return mod


#: The module learners get for ``import asyncio``.
module = _build()
