"""Which instructions of the learner's code read or write a shared global, decoded once per code object."""

from __future__ import annotations

import dis
from types import CodeType

_READS = frozenset({"LOAD_GLOBAL", "LOAD_NAME"})
_WRITES = frozenset({"STORE_GLOBAL", "STORE_NAME"})

#: Instructions that may touch memory other threads can see; the coarse (DFS) search switches only here.
_VISIBLE = frozenset(
    {
        "LOAD_ATTR", "STORE_ATTR", "DELETE_ATTR", "BINARY_SUBSCR", "STORE_SUBSCR", "DELETE_SUBSCR",
        "LOAD_DEREF", "STORE_DEREF", "LOAD_CLASSDEREF", "STORE_SLICE", "BINARY_SLICE",
    }
)  # fmt: skip

#: offset -> (True for a write, name) for a watched global, or None for another visible instruction
Accesses = dict[int, "tuple[bool, str] | None"]


def all_codes(code: CodeType) -> list[CodeType]:
    """``code`` and every code object nested in it (functions, classes, comprehensions)."""
    out = [code]
    for const in code.co_consts:
        if isinstance(const, CodeType):
            out.extend(all_codes(const))
    return out


def shared_globals(codes: list[CodeType]) -> frozenset[str]:
    """Globals some function assigns (``global x; x = ...``): the ones threads can race on."""
    names = set()
    for code in codes:
        for ins in dis.get_instructions(code):
            if ins.opname == "STORE_GLOBAL":
                names.add(ins.argval)
    return frozenset(names)


def accesses(code: CodeType, watched: frozenset[str]) -> Accesses:
    """The instructions of ``code`` that touch a watched global (or, as None, other shared memory)."""
    out: Accesses = {}
    for ins in dis.get_instructions(code):
        name = ins.argval
        if ins.opname in _VISIBLE:
            out[ins.offset] = None
        if not isinstance(name, str) or name not in watched:
            continue
        if ins.opname in _READS:
            out[ins.offset] = (False, name)
        elif ins.opname in _WRITES:
            out[ins.offset] = (True, name)
    return out
