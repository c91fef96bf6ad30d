"""Names for stand-in objects in the learner's own terms: their variable, attribute or creation line."""

from __future__ import annotations

import linecache
import re
from types import ModuleType
from typing import Any

_ASSIGN = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(?::[^=]*)?=(?!=)\s*(.*)$")


def source(where: tuple[str, int] | None) -> str:
    """The stripped source line at ``where``."""
    if where is None:
        return ""
    return linecache.getline(where[0], where[1]).strip()


class Namer:
    """Finds and caches the learner-facing name of objects in one run."""

    def __init__(self, modules: list[ModuleType]) -> None:
        self.modules = modules
        self.cache: dict[int, str] = {}

    def name(self, obj: Any) -> str:
        key = id(obj)
        found = self.cache.get(key)
        if found is None:
            found = self._find(obj)
            self.cache[key] = found
        return found

    def aliases(self, obj: Any) -> list[str]:
        """Every module-level name of ``obj`` (``mutex_a = mutex_b = Lock()`` gives two)."""
        return [
            gname
            for mod in self.modules
            for gname, value in list(vars(mod).items())
            if value is obj and not gname.startswith("__")
        ]

    def _find(self, obj: Any) -> str:
        for mod in self.modules:
            for gname, value in list(vars(mod).items()):
                if gname.startswith("__"):
                    continue
                hit = _search(value, obj, gname, 2)
                if hit is not None:
                    return hit
        where = getattr(obj, "_where", None)
        line = source(where)
        m = _ASSIGN.match(line)
        if m is not None:
            target, rhs = m.group(1), m.group(2)
            if " for " in rhs:
                return f"{target}[...]"
            return target
        kind = getattr(obj, "_kind", type(obj).__name__)
        return f"{kind}#{getattr(obj, '_serial', 0)}"


def _search(value: Any, obj: Any, path: str, depth: int) -> str | None:
    if value is obj:
        return path
    if depth == 0 or isinstance(value, (type, ModuleType, str, bytes, int, float)) or callable(value):
        return None
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value[:64]):
            if item is obj:
                return f"{path}[{i}]"
        return None
    if isinstance(value, dict):
        for k, item in list(value.items())[:64]:
            if item is obj:
                return f"{path}[{k!r}]"
        return None
    d = getattr(value, "__dict__", None)
    if isinstance(d, dict) and type(value).__module__ not in ("builtins",):
        for attr, item in list(d.items()):
            hit = _search(item, obj, f"{path}.{attr}", depth - 1)
            if hit is not None:
                return hit
    return None
