"""Switch points at every instruction of the learner's code: sys.settrace (3.11) or sys.monitoring (3.12+)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from types import CodeType
from types import FrameType
from typing import Any

from . import coverage
from .decode import Accesses
from .scheduler import Scheduler
from .tasks import Task

#: (task, frame, is_write, name) -> None, called after the switch point, i.e. in true execution order.
OnGlobal = Callable[[Task, FrameType, bool, str], None]
#: id(code) -> (its accesses, the `add` of the set of its offsets run): one dict lookup per instruction for both.
#: Keyed by id: a code object's hash is recomputed from its contents on every lookup (~100 ns); `codes` keeps
#: the code objects alive, so their ids stay theirs.
Table = dict[int, "tuple[Accesses, Callable[[int], None]]"]


#: `Accesses.get` default for an instruction that is not in the table (cannot touch shared memory).
_INVISIBLE: Any = object()


def _tables(codes: dict[CodeType, Accesses]) -> tuple[dict[CodeType, set[int]], Table]:
    hits: dict[CodeType, set[int]] = {code: set() for code in codes}
    return hits, {id(code): (accs, hits[code].add) for code, accs in codes.items()}


def _record(hits: dict[CodeType, set[int]]) -> None:
    """Hand the offsets run in this explore() call to grader.explorer.coverage, and start afresh."""
    coverage.record(hits)
    for offsets in hits.values():
        offsets.clear()


class SettraceBackend:
    """Opcode events from ``sys.settrace``, enabled only on frames running the learner's code objects."""

    name = "settrace"

    def __init__(self, codes: dict[CodeType, Accesses]) -> None:
        self.codes = codes
        self.on_global: OnGlobal | None = None
        self.hits, self.table = _tables(codes)

    def start(self) -> None:
        """Called once per explore() call."""

    def stop(self) -> None:
        """Called once per explore() call: the lines run go to grader.explorer.coverage."""
        _record(self.hits)

    def enter(self, sched: Scheduler, task: Task) -> None:
        table = self.table
        step = sched.step
        on_global = self.on_global
        # One opcode tracer per code object, made on its first call: the per-instruction path never reads
        # `frame.f_code`, an attribute Python audits (the child's guard would see every instruction).
        tracers: dict[CodeType, Callable[[FrameType, str, Any], Any]] = {}

        def tracer_for(key: int) -> Callable[[FrameType, str, Any], Any]:
            accs, ran = table[key]
            get = accs.get

            def local(frame: FrameType, event: str, arg: Any) -> Any:
                if event == "opcode":
                    offset = frame.f_lasti
                    ran(offset)
                    acc = get(offset, _INVISIBLE)
                    if acc is _INVISIBLE:
                        step(task, False)
                    else:
                        step(task, True)
                        if acc is not None and on_global is not None:
                            on_global(task, frame, acc[0], acc[1])
                return local

            return local

        others: set[CodeType] = set()

        def global_trace(frame: FrameType, event: str, arg: Any) -> Any:
            # Called for every frame the task starts; `id()` (which Python audits too) only on a code's first call.
            code = frame.f_code
            local = tracers.get(code)
            if local is None:
                if code in others:
                    return None
                key = id(code)
                if key not in table:
                    others.add(code)
                    return None
                local = tracers[code] = tracer_for(key)
            frame.f_trace_lines = False
            frame.f_trace_opcodes = True
            return local

        # CPython 3.12 only turns opcode events on if some frame asks for them when tracing starts.
        here = sys._getframe()
        here.f_trace_opcodes = True
        sys.settrace(global_trace)

    def leave(self) -> None:
        """Only ever called in the explorer's own task threads (their tracer is per thread): a tracer of the
        pytest main thread, such as coverage.py's, is left alone."""
        sys.settrace(None)


class MonitoringBackend:
    """INSTRUCTION events from ``sys.monitoring``, enabled with set_local_events on the learner's code only."""

    name = "monitoring"

    def __init__(self, codes: dict[CodeType, Accesses]) -> None:
        self.codes = codes
        self.on_global: OnGlobal | None = None
        self.sched: Scheduler | None = None
        self.tool = -1
        self.hits, self.table = _tables(codes)

    def start(self) -> None:
        mon: Any = sys.monitoring  # type: ignore[attr-defined,unused-ignore]
        for tool in (4, 3, 5, 2, 1, 0):
            if mon.get_tool(tool) is None:
                self.tool = tool
                break
        else:
            raise RuntimeError("no free sys.monitoring tool id")
        mon.use_tool_id(self.tool, "grader.explorer")
        mon.register_callback(self.tool, mon.events.INSTRUCTION, self._callback)
        for code in self.codes:
            mon.set_local_events(self.tool, code, mon.events.INSTRUCTION)

    def stop(self) -> None:
        mon: Any = sys.monitoring  # type: ignore[attr-defined,unused-ignore]
        if self.tool < 0:
            return
        for code in self.codes:
            mon.set_local_events(self.tool, code, 0)
        mon.register_callback(self.tool, mon.events.INSTRUCTION, None)
        mon.free_tool_id(self.tool)
        self.tool = -1
        _record(self.hits)

    def _callback(self, code: CodeType, offset: int) -> None:
        sched = self.sched
        if sched is None:
            return
        task = sched.by_ident.get(threading.get_ident())
        if task is None:
            return
        accs, ran = self.table[id(code)]
        ran(offset)
        sched.step(task, offset in accs)
        acc = accs.get(offset)
        if acc is not None and self.on_global is not None:
            self.on_global(task, sys._getframe(1), acc[0], acc[1])

    def enter(self, sched: Scheduler, task: Task) -> None:
        self.sched = sched

    def leave(self) -> None:
        """Events stay on for the whole explore() call; the callback ignores other threads."""


def choose_backend(codes: dict[CodeType, Accesses]) -> SettraceBackend | MonitoringBackend:
    """sys.monitoring from 3.12 on, unless GRADER_EXPLORER_BACKEND=settrace forces the 3.11 backend."""
    forced = os.environ.get("GRADER_EXPLORER_BACKEND", "")
    if sys.version_info >= (3, 12) and forced != "settrace":
        return MonitoringBackend(codes)
    return SettraceBackend(codes)
