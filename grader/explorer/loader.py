"""Load fresh copies of the learner's modules whose threading/queue/time/... imports get the stand-ins."""

from __future__ import annotations

import builtins
import importlib.util
import sys
import types
from types import CodeType
from types import ModuleType
from typing import Any

from .standins import std_asyncio
from .standins import std_concurrent
from .standins import std_futures
from .standins import std_multiprocessing
from .standins import std_queue
from .standins import std_threading
from .standins import std_time
from .tasks import LEARNER_MARK

#: name -> (module returned with a fromlist, module returned for a plain ``import name``)
STANDINS: dict[str, tuple[ModuleType, ModuleType]] = {
    "threading": (std_threading, std_threading),
    "queue": (std_queue, std_queue),
    "time": (std_time, std_time),
    "concurrent": (std_concurrent, std_concurrent),
    "concurrent.futures": (std_futures, std_concurrent),
    "asyncio": (std_asyncio.module, std_asyncio.module),
    "multiprocessing": (std_multiprocessing, std_multiprocessing),
    **{name: (mod, std_multiprocessing) for name, mod in std_multiprocessing.SUBMODULES.items()},
}


class LoadError(Exception):
    """The learner's module could not be found, compiled or imported."""

    def __init__(self, module: str, exc: BaseException | None, text: str) -> None:
        super().__init__(text)
        self.module = module
        self.exc = exc
        self.text = text


class Source:
    """A learner module's file and compiled code, shared by every schedule of one explore() call."""

    def __init__(self, name: str) -> None:
        self.name = name
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError) as exc:
            raise LoadError(name, exc, f"cannot find module {name!r}: {exc}") from exc
        if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
            raise LoadError(name, None, f"cannot find the Python file of module {name!r} on sys.path")
        self.path = spec.origin
        try:
            with open(self.path, "rb") as f:
                data = f.read()
            self.code: CodeType = compile(data, self.path, "exec", dont_inherit=True)
        except SyntaxError as exc:
            raise LoadError(name, exc, _syntax_text(exc)) from exc
        except ValueError as exc:  # NUL bytes in the source, before Python 3.11.4
            raise LoadError(name, exc, f"{type(exc).__name__}: {exc}") from exc
        except OSError as exc:
            raise LoadError(name, exc, f"cannot read {self.path}: {exc}") from exc


def _syntax_text(exc: SyntaxError) -> str:
    text = (exc.text or "").strip()
    return f"{type(exc).__name__}: {exc.msg} (line {exc.lineno}: {text})"


def load_all(sources: list[Source]) -> list[ModuleType]:
    """Execute fresh copies of ``sources`` (in order) with the stand-in imports; they see each other."""
    fresh: dict[str, ModuleType] = {}
    by_name = {s.name: s for s in sources}
    real_import = builtins.__import__

    def hooked_import(
        name: str,
        globals: dict[str, Any] | None = None,
        locals: dict[str, Any] | None = None,
        fromlist: Any = (),
        level: int = 0,
    ) -> ModuleType:
        if level == 0:
            pair = STANDINS.get(name)
            if pair is not None:
                return pair[0] if fromlist else pair[1]
            if name in by_name:
                return load(name)
        return real_import(name, globals, locals, fromlist, level)

    learner_builtins = dict(vars(builtins))
    learner_builtins["__import__"] = hooked_import

    def load(name: str) -> ModuleType:
        mod = fresh.get(name)
        if mod is not None:
            return mod
        src = by_name[name]
        mod = types.ModuleType(name)
        mod.__file__ = src.path
        mod.__dict__["__builtins__"] = learner_builtins
        mod.__dict__[LEARNER_MARK] = True
        fresh[name] = mod
        saved = sys.modules.get(name)
        sys.modules[name] = mod
        try:
            exec(src.code, mod.__dict__)
        finally:
            if saved is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = saved
        return mod

    return [load(s.name) for s in sources]
