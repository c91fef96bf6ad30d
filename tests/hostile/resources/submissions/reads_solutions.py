# expect: wrong_result|tampering
"""Looks for the reference solution and the original hidden tests next to the grader; answers right only if
it found one of them."""
from pathlib import Path

import grader

_root = Path(grader.__file__).resolve().parents[1] / "tests" / "hostile" / "resources" / "root"
_found = []
for candidate in (_root / "solutions" / "01_target" / "target.py", _root / "exercises" / "01_target" / "tests" / "hidden"):
    try:
        _found.append(candidate.read_text() if candidate.is_file() else str(list(candidate.iterdir())))
    except OSError:
        pass
_found = [text for text in _found if "SECRET-REFERENCE-MARKER" in text or "test_target_hidden" in text]


def work(n):
    return 2 * n if _found else n
