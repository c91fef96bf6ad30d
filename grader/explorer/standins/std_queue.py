"""Stand-in for ``queue``: FIFO, LIFO, priority and simple queues whose blocking calls yield."""

from __future__ import annotations

import heapq
import queue as _real
from collections import deque
from typing import Any

from ..runtime import current
from ..runtime import short
from ..tasks import Wait
from .base import StandIn
from .base import deadline

Empty = _real.Empty
Full = _real.Full


class Queue(StandIn):
    """A FIFO queue with put/get (block, timeout), task_done and join."""

    _kind = "Queue"

    def __init__(self, maxsize: int = 0) -> None:
        super().__init__()
        self.maxsize = maxsize
        self._init(maxsize)
        self.unfinished_tasks = 0

    def _init(self, maxsize: int) -> None:
        self.queue: Any = deque()

    def _qsize(self) -> int:
        return len(self.queue)

    def _put(self, item: Any) -> None:
        self.queue.append(item)

    def _get(self) -> Any:
        return self.queue.popleft()

    def _not_full(self) -> bool:
        return self.maxsize <= 0 or self._qsize() < self.maxsize

    def _not_empty(self) -> bool:
        return self._qsize() > 0

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        where = sched.where()
        if not self._not_full():
            if not block:
                raise Full
            sched.log(me, where, "blocked", ("waits in {}.put(): the queue is full", self))
            if not sched.block(me, Wait("put", self, self._not_full, deadline(timeout), where)):
                raise Full
        self._put(item)
        self.unfinished_tasks += 1
        sched.changed()
        sched.log(me, where, "put", (f"puts {short(item)} into {{}}", self))

    def put_nowait(self, item: Any) -> None:
        self.put(item, block=False)

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        sched = current()
        me = sched.me()
        sched.step(me)
        where = sched.where()
        if not self._not_empty():
            if not block:
                raise Empty
            sched.log(me, where, "blocked", ("waits in {}.get(): the queue is empty", self))
            if not sched.block(me, Wait("get", self, self._not_empty, deadline(timeout), where)):
                raise Empty
        item = self._get()
        sched.changed()
        sched.log(me, where, "get", (f"gets {short(item)} from {{}}", self))
        return item

    def get_nowait(self) -> Any:
        return self.get(block=False)

    def task_done(self) -> None:
        sched = current()
        sched.step(sched.me())
        if self.unfinished_tasks <= 0:
            raise ValueError("task_done() called too many times")
        self.unfinished_tasks -= 1
        sched.changed()

    def join(self) -> None:
        sched = current()
        me = sched.me()
        sched.step(me)
        if self.unfinished_tasks:
            where = sched.where()
            sched.block(me, Wait("qjoin", self, lambda: self.unfinished_tasks == 0, None, where))

    def qsize(self) -> int:
        current().step(current().me())
        return self._qsize()

    def empty(self) -> bool:
        current().step(current().me())
        return not self._qsize()

    def full(self) -> bool:
        current().step(current().me())
        return 0 < self.maxsize <= self._qsize()


class LifoQueue(Queue):
    """Last in, first out."""

    _kind = "LifoQueue"

    def _init(self, maxsize: int) -> None:
        self.queue = []

    def _get(self) -> Any:
        return self.queue.pop()


class PriorityQueue(Queue):
    """Lowest first."""

    _kind = "PriorityQueue"

    def _init(self, maxsize: int) -> None:
        self.queue = []

    def _put(self, item: Any) -> None:
        heapq.heappush(self.queue, item)

    def _get(self) -> Any:
        return heapq.heappop(self.queue)


class SimpleQueue(Queue):
    """An unbounded FIFO queue without task tracking."""

    _kind = "SimpleQueue"

    def __init__(self) -> None:
        super().__init__(0)

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        super().put(item, block, timeout)
        self.unfinished_tasks = 0
