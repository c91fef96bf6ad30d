"""Oracles that do not depend on luck: version-tracked lost updates and the lockdep lock-order graph."""

from __future__ import annotations

import sys
import threading
from types import FrameType
from types import ModuleType
from typing import Any

from .errors import Unwind
from .runtime import short
from .scheduler import Scheduler
from .tasks import Task


class SharedState:
    """Versions of shared locations; a write after a stale read by the same thread is a lost update."""

    def __init__(self, sched: Scheduler) -> None:
        self.sched = sched
        self.versions: dict[Any, int] = {}
        self.keep: list[Any] = []  # keeps objects alive so their ids stay unique during the run

    def read(self, task: Task, key: Any, label: str, value: Any, where: tuple[str, int] | None) -> None:
        alias = self.sched.alias
        if alias is not None:
            task = alias
        idx = self.sched.log(task, where, "read", f"reads {label} = {short(value)}", key)
        task.reads[key] = (self.versions.get(key, 0), idx)

    def write(self, task: Task, key: Any, label: str, value: Any, where: tuple[str, int] | None) -> None:
        sched = self.sched
        if sched.alias is not None:
            task = sched.alias
        idx = sched.log(task, where, "write", f"writes {label} = {short(value)}", key)
        cur = self.versions.get(key, 0)
        seen = task.reads.get(key)
        self.versions[key] = cur + 1
        # A write ends the read-modify-write it belongs to: a later blind write by the same thread is not
        # computed from anything it read, so only a fresh read can make it stale again.
        task.reads.pop(key, None)
        if seen is not None and seen[0] < cur:
            sched.fail("lost_update", {"key": key, "label": label, "read": seen[1], "write": idx})

    # -- globals (decoded instructions) ----------------------------------------------------------

    def on_global(self, task: Task, frame: FrameType, is_write: bool, name: str) -> None:
        if self.sched.aborting:
            return
        g = frame.f_globals
        key = (g.get("__name__"), name)
        where = (frame.f_code.co_filename, frame.f_lineno)
        if not is_write:
            self.read(task, key, name, g.get(name), where)
            return

        def done() -> None:
            self.write(task, key, name, g.get(name), where)

        task.pending = done

    # -- attributes of the learner's classes ------------------------------------------------------

    def instrument(self, module: ModuleType, learner_files: frozenset[str]) -> None:
        """Record reads and writes of instance attributes of classes defined in ``module``."""
        # A threading.local subclass gives every thread its own attributes: nothing there is shared.
        classes = [
            v
            for v in vars(module).values()
            if isinstance(v, type) and v.__module__ == module.__name__ and not _is_thread_local(v)
        ]
        for cls in sorted(classes, key=lambda c: len(c.__mro__)):
            self._hook_class(cls, learner_files)

    def _hook_class(self, cls: type, learner_files: frozenset[str]) -> None:
        if any(k.__dict__.get("_grader_hooked") for k in cls.__mro__):
            return
        orig_get: Any = cls.__getattribute__
        orig_set: Any = cls.__setattr__
        state = self
        sched = self.sched
        by_ident = sched.by_ident
        get_ident = threading.get_ident
        getframe = sys._getframe

        def __getattribute__(obj: Any, name: str) -> Any:
            value = orig_get(obj, name)
            if name[:2] != "__" and not sched.aborting:
                task = by_ident.get(get_ident())
                if task is not None:
                    frame = getframe(1)
                    if frame.f_code.co_filename in learner_files:
                        d = _instance_dict(obj)
                        if d is not None and name in d:
                            state._attr(task, obj, name, value, frame, False)
            return value

        def __setattr__(obj: Any, name: str, value: Any) -> None:
            orig_set(obj, name, value)
            if name[:2] != "__" and not sched.aborting:
                task = by_ident.get(get_ident())
                if task is not None:
                    frame = getframe(1)
                    if frame.f_code.co_filename in learner_files:
                        state._attr(task, obj, name, value, frame, True)
                        if sched.aborting:
                            raise Unwind

        type.__setattr__(cls, "__getattribute__", __getattribute__)
        type.__setattr__(cls, "__setattr__", __setattr__)
        type.__setattr__(cls, "_grader_hooked", True)

    def _attr(self, task: Task, obj: Any, name: str, value: Any, frame: FrameType, is_write: bool) -> None:
        key = (id(obj), name)
        if key not in self.versions:
            self.versions[key] = 0
            self.keep.append(obj)
        label = f"{type(obj).__name__}.{name}"
        where = (frame.f_code.co_filename, frame.f_lineno)
        if is_write:
            self.write(task, key, label, value, where)
        else:
            self.read(task, key, label, value, where)


def _is_thread_local(cls: type) -> bool:
    return any(k.__name__ == "local" and k.__module__.endswith(("threading", "std_threading")) for k in cls.__mro__)


def _instance_dict(obj: Any) -> dict[str, Any] | None:
    try:
        d = object.__getattribute__(obj, "__dict__")
    except AttributeError:
        return None
    return d if isinstance(d, dict) else None


def lock_order_cycle(sched: Scheduler) -> list[tuple[Any, Any, int, tuple[str, int] | None]] | None:
    """A cycle in the (held -> wanted) graph that can deadlock, or None.

    It must involve at least two threads, and no two of its edges taken by different threads may have
    been taken under a common outer lock (lockdep's gate locks): such a pair can never interleave.
    """
    Edge = tuple[frozenset[int], tuple[Any, Any, int, tuple[str, int] | None]]
    edges: list[Edge] = [(key[2], value) for key, value in sched.lock_edges.items()]
    graph: dict[int, list[Edge]] = {}
    for e in edges:
        graph.setdefault(id(e[1][0]), []).append(e)
    for start in edges:
        # depth-first search for a path back to start's held lock
        target = id(start[1][0])
        stack: list[tuple[int, list[Edge]]] = [(id(start[1][1]), [start])]
        seen: set[int] = set()
        while stack:
            node, path = stack.pop()
            if node == target:
                if len({e[1][2] for e in path}) >= 2 and not _gated(path):
                    return [e[1] for e in path]
                continue
            if node in seen:
                continue
            seen.add(node)
            for e in reversed(graph.get(node, [])):
                stack.append((id(e[1][1]), [*path, e]))
    return None


def _gated(path: list[tuple[frozenset[int], tuple[Any, Any, int, Any]]]) -> bool:
    """True when two edges of different threads were both taken under one common outer lock."""
    for i, (gates_a, a) in enumerate(path):
        for gates_b, b in path[i + 1 :]:
            if a[2] != b[2] and gates_a & gates_b:
                return True
    return False
