# expect: wrong_result|tampering
"""Tries to write into /etc and into the grader package; answers right only if a write succeeded."""
from pathlib import Path

import grader

_wrote = []
for target in (Path("/etc/hostile-marker"), Path(grader.__file__).parent / "hostile_marker.py"):
    try:
        target.write_text("pwned = True\n")
        _wrote.append(target)
    except OSError:
        pass


def work(n):
    return 2 * n if _wrote else n
