"""Controlled threads (tasks), what they wait for, and where in the learner's code they are."""

from __future__ import annotations

import _thread
import os
import sysconfig
from collections.abc import Callable
from types import FrameType
from typing import Any

_HERE = os.path.dirname(os.path.abspath(__file__))
_STDLIB = sysconfig.get_paths()["stdlib"]


class Wait:
    """Why a task cannot run: an operation on an object, a readiness test and an optional virtual deadline."""

    __slots__ = ("deadline", "obj", "op", "pred", "where")

    def __init__(
        self,
        op: str,
        obj: object,
        pred: Callable[[], bool],
        deadline: float | None,
        where: tuple[str, int] | None,
    ) -> None:
        self.op = op
        self.obj = obj
        self.pred = pred
        self.deadline = deadline
        self.where = where


class Task:
    """One controlled thread: a real OS thread that runs only while it holds the baton (its gate is open)."""

    __slots__ = (
        "daemon",
        "fn",
        "gate",
        "held",
        "killed",
        "name",
        "os_ident",
        "pending",
        "reads",
        "state",
        "thread",
        "tid",
        "wait",
    )

    def __init__(self, tid: int, name: str, fn: Callable[[], Any], thread: Any) -> None:
        self.tid = tid
        self.name = name
        self.gate = _thread.allocate_lock()
        self.gate.acquire()
        self.fn = fn
        self.thread = thread
        self.state = "new"  # new -> alive -> done
        self.wait: Wait | None = None
        self.held: list[Any] = []
        self.reads: dict[Any, tuple[int, int]] = {}
        self.pending: Any = None
        self.os_ident = 0
        self.daemon = False
        self.killed = False

    def __repr__(self) -> str:
        return f"<Task {self.name}>"


def is_explorer_file(filename: str) -> bool:
    """Whether a code object's file is part of the explorer (its frames are never shown to the learner)."""
    return filename.startswith(_HERE)


#: A key in the globals of every module copy the explorer loads: a frame's globals (which Python does not audit)
#: tell a learner frame from the others before its `f_code` (which it does) is read.
LEARNER_MARK = "__grader_explored__"


def locate(frame: FrameType | None, learner_files: frozenset[str]) -> tuple[str, int] | None:
    """The innermost learner frame's (file, line), else the innermost frame outside the explorer."""
    f = frame
    while f is not None:
        if f.f_globals.get(LEARNER_MARK) is True:
            fn = f.f_code.co_filename
            if fn in learner_files:
                return (fn, f.f_lineno)
        f = f.f_back
    fallback: tuple[str, int] | None = None
    f = frame
    while f is not None:
        fn = f.f_code.co_filename
        if fn in learner_files:
            return (fn, f.f_lineno)
        if fallback is None and not _is_library(fn):
            fallback = (fn, f.f_lineno)
        f = f.f_back
    return fallback


#: filename -> whether it is the explorer's, the standard library's or an installed package's (asked per frame
#: of every stand-in operation, so remembered).
_LIBRARY: dict[str, bool] = {}


def _is_library(filename: str) -> bool:
    known = _LIBRARY.get(filename)
    if known is None:
        known = _LIBRARY[filename] = (
            is_explorer_file(filename)
            or filename.startswith(_STDLIB)
            or "site-packages" in filename
            or filename.startswith("<")
        )
    return known
