"""Switch points at every instruction of the learner's code: sys.settrace (3.11) or sys.monitoring (3.12+)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from types import CodeType
from types import FrameType
from typing import Any

from .decode import Accesses
from .scheduler import Scheduler
from .tasks import Task

#: (task, frame, is_write, name) -> None, called after the switch point, i.e. in true execution order.
OnGlobal = Callable[[Task, FrameType, bool, str], None]


class SettraceBackend:
    """Opcode events from ``sys.settrace``, enabled only on frames running the learner's code objects."""

    name = "settrace"

    def __init__(self, codes: dict[CodeType, Accesses]) -> None:
        self.codes = codes
        self.on_global: OnGlobal | None = None

    def start(self) -> None:
        """Called once per explore() call."""

    def stop(self) -> None:
        """Called once per explore() call."""

    def enter(self, sched: Scheduler, task: Task) -> None:
        codes = self.codes
        step = sched.step
        on_global = self.on_global

        def local(frame: FrameType, event: str, arg: Any) -> Any:
            if event == "opcode":
                offset = frame.f_lasti
                accs = codes[frame.f_code]
                step(task, offset in accs)
                acc = accs.get(offset)
                if acc is not None and on_global is not None:
                    on_global(task, frame, acc[0], acc[1])
            return local

        def global_trace(frame: FrameType, event: str, arg: Any) -> Any:
            if frame.f_code in codes:
                frame.f_trace_lines = False
                frame.f_trace_opcodes = True
                return local
            return None

        # CPython 3.12 only turns opcode events on if some frame asks for them when tracing starts.
        here = sys._getframe()
        here.f_trace_opcodes = True
        sys.settrace(global_trace)

    def leave(self) -> None:
        sys.settrace(None)


class MonitoringBackend:
    """INSTRUCTION events from ``sys.monitoring``, enabled with set_local_events on the learner's code only."""

    name = "monitoring"

    def __init__(self, codes: dict[CodeType, Accesses]) -> None:
        self.codes = codes
        self.on_global: OnGlobal | None = None
        self.sched: Scheduler | None = None
        self.tool = -1

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

    def _callback(self, code: CodeType, offset: int) -> None:
        sched = self.sched
        if sched is None:
            return
        task = sched.by_ident.get(threading.get_ident())
        if task is None:
            return
        accs = self.codes[code]
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
