# expect: tampering
"""Compiles its code under the name of pytest's own file, so that its frames would pass for pytest's."""
import _pytest.runner

_src = "def work(n):\n    return n\n"
_namespace = {}
try:
    exec(compile(_src, _pytest.runner.__file__, "exec"), _namespace)
except Exception:
    pass


def work(n):
    return n
