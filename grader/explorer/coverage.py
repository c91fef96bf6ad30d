"""Lines of the learner's code the explorer ran, for the grader's coverage display.

The explorer runs the learner's code in threads of its own, traced by its own backend (grader.explorer.backends),
where coverage.py does not look. Each backend collects the (code object, instruction offset) pairs it stepped on
during one explore() call and hands them here once, at the end of the call; the child plugin (grader.plugin)
merges `executed_lines(file)` with what coverage.py measured.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set
from types import CodeType

#: file name (as compiled, the learner module's real path) -> line numbers the explorer ran
executed: dict[str, set[int]] = {}


def record(hits: Mapping[CodeType, Set[int]]) -> None:
    """Add the lines of the instruction offsets in `hits` (code object -> offsets run) to `executed`."""
    for code, offsets in hits.items():
        ran = frozenset(offsets)  # one C-level copy: safe against a straggling thread still adding
        if not ran:
            continue
        lines = executed.setdefault(code.co_filename, set())
        for start, end, line in code.co_lines():
            if line is not None and line > 0 and not ran.isdisjoint(range(start, end, 2)):
                lines.add(line)


def executed_lines(filename: str) -> set[int]:
    """The lines of `filename` the explorer ran in this process so far (a copy)."""
    return set(executed.get(filename, ()))
