"""The lines threads run in the submission's files, traced only until each function has run all its lines.

Runs in the pytest child (Python 3.11 only; 3.12+ gets the same from coverage.py on sys.monitoring). coverage.py's
tracer sees every line event, so a learner's hot loop in a thread (100,000 deposits in exercise-01) ran about
four times slower under it and doubled the grading's time. This tracer records a line once and stops tracing a
function's frames as soon as every line of that function has run: a loop costs nothing once it has gone round.
Functions with lines that never run (an unused ``except``) stay traced, at about coverage.py's cost.

coverage.py keeps measuring the main thread (its C tracer is cheaper on the test framework's own calls);
`ThreadLines.trace` goes to `threading.settrace` in its place, for threads started with `threading`.
"""

from __future__ import annotations

import os
from types import CodeType
from types import FrameType
from typing import Any

_CO_NEWLOCALS = 0x2


def lines_of(code: CodeType) -> set[int]:
    """The lines of `code` that give line events when they run (not a function's `def` line)."""
    lines = set()
    def_only = code.co_flags & _CO_NEWLOCALS != 0
    for start, _end, line in code.co_lines():
        if line is None or line <= 0:
            continue
        if def_only and start == 0:
            continue  # a function's first instruction (RESUME, on its def line) gives no line event
        lines.add(line)
    return lines


class ThreadLines:
    """Lines run in the files under `folder`, per file, by the threads this tracer is installed in."""

    def __init__(self, folder: str) -> None:
        self.prefix = folder.rstrip(os.sep) + os.sep
        self.lines: dict[str, set[int]] = {}
        self._todo: dict[CodeType, set[int]] = {}
        self._skip: set[CodeType] = set()

    def trace(self, frame: FrameType, event: str, arg: Any) -> Any:
        code = frame.f_code
        if code in self._skip:
            return None
        todo = self._todo.get(code)
        if todo is None:
            if not code.co_filename.startswith(self.prefix):
                self._skip.add(code)
                return None
            todo = self._todo[code] = lines_of(code)
        if not todo:
            return None
        ran = self.lines.setdefault(code.co_filename, set())

        def local(frame: FrameType, event: str, arg: Any) -> Any:
            if event == "line":
                line = frame.f_lineno
                ran.add(line)
                todo.discard(line)
                if not todo:
                    frame.f_trace_lines = False
            return local

        return local
