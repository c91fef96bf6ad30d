"""One schedule: load fresh modules, run the scenario as the controlled main thread, collect the verdict."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

from . import aio
from . import runtime
from .errors import Unwind
from .errors import Violation
from .loader import Source
from .loader import load_all
from .oracles import SharedState
from .oracles import lock_order_cycle
from .scheduler import Backend
from .scheduler import Failure
from .scheduler import Scheduler
from .scheduler import Strategy
from .scheduler import Workers
from .standins import std_threading
from .tasks import Task

#: Real seconds one schedule may take before the explorer gives up on it (threads stuck outside its control).
REAL_TIMEOUT = 15.0


class RunResult:
    """What one schedule did."""

    def __init__(self, sched: Scheduler, modules: list[ModuleType], failure: Failure | None) -> None:
        self.sched = sched
        self.modules = modules
        self.failure = failure
        self.decisions = sched.decisions
        self.dec_cur = sched.dec_cur
        self.dec_first = sched.dec_first
        self.trail = sched.trail
        self.steps = sched.steps


def run_schedule(
    sources: list[Source],
    scenario: Callable[..., Any],
    strategy: Strategy,
    backend: Any,
    *,
    max_steps: int,
    leaks: bool,
    lock_order: bool,
    trail: bool = False,
    workers: Workers,
    processes: str = "shared",
) -> RunResult:
    files = frozenset(s.path for s in sources)
    be: Backend = backend
    sched = Scheduler(strategy, be, max_steps=max_steps, learner_files=files, workers=workers)
    if trail:
        sched.trail = []
    shared = SharedState(sched)
    sched.shared = shared
    sched.extras["processes"] = processes
    sched.extras["leaks"] = leaks
    backend.on_global = shared.on_global
    backend.sched = sched
    modules: list[ModuleType] = []

    def main() -> None:
        me = sched.me()
        std_threading.bind_main(main_thread, me)
        try:
            modules.extend(load_all(sources))
            sched.extras["modules"] = modules
        except Unwind:
            raise
        except BaseException as exc:
            sched.fail("import_error", {"exc": exc, "module": _module_of(exc, sources)})
            raise Unwind from None
        for mod in modules:
            shared.instrument(mod, files)
        try:
            if inspect.iscoroutinefunction(scenario):
                aio.run(scenario(*modules), sched)
            else:
                scenario(*modules)
        except Unwind:
            raise
        except Violation as exc:
            sched.fail(exc.kind, {"exc": exc, "task": me})
        except AssertionError as exc:
            sched.fail("wrong_result", {"exc": exc})
        except BaseException as exc:
            sched.fail("error", {"exc": exc})
        else:
            alive = [t for t in sched.tasks if t.state == "alive" and t is not me]
            if alive and leaks:
                procs = any(getattr(t.thread, "_is_process", False) for t in alive)
                sched.fail("leaked_process" if procs else "leaked_thread", {"tasks": alive})
            elif alive:
                sched.aborting = True  # unwind them quietly

    def on_crash(task: Task, exc: BaseException) -> None:
        if isinstance(exc, Violation):
            sched.fail(exc.kind, {"exc": exc, "task": task})
            return
        hook = std_threading.handled_by_learner()
        if hook is not None:
            hook(std_threading.ExceptHookArgs(type(exc), exc, exc.__traceback__, task.thread))
            return
        sched.fail("error", {"exc": exc, "task": task})

    sched.on_crash = on_crash
    std_threading.reset()
    runtime.activate(sched)
    try:
        main_thread = std_threading.make_main_thread()
        finished = sched.run_main(main, main_thread, REAL_TIMEOUT)
    finally:
        runtime.deactivate()
        backend.sched = None
    failure = sched.failure
    if not finished:
        failure = Failure("timeout", {"hung": True}, [])
    elif failure is None and lock_order:
        cycle = lock_order_cycle(sched)
        if cycle is not None:
            failure = Failure("lock_order", {"cycle": cycle}, [])
    return RunResult(sched, modules, failure)


def _module_of(exc: BaseException, sources: list[Source]) -> str:
    tb = exc.__traceback__
    name = sources[0].name
    while tb is not None:
        for s in sources:
            if tb.tb_frame.f_code.co_filename == s.path:
                name = s.name
        tb = tb.tb_next
    return f"{name}.py"
