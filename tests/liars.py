"""Builds a lying submission for any exercise: its stub with every function answering with an object that
claims to equal anything.

The liar keeps the stub's imports, constants, classes and dunder methods (so the tests can import and
construct what they expect), and replaces every other function or method body: plain and async functions
return a `Lie`, generators yield a few. A `Lie` is an `int` subclass equal (and unequal, less and greater) to
everything, always true, iterable, subscriptable, callable, a context manager and picklable. It does no
work at all, so whatever such a module scores, it scores by fooling a comparison or by a test that checks
only for the absence of a failure.
"""

from __future__ import annotations

import ast
from pathlib import Path

LIE_CLASS = '''
class Lie(int):
    """Equal to everything, whatever it is compared with or asked."""

    def __new__(cls, *args, **kwargs):
        return int.__new__(cls, 0)

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __lt__ = __le__ = __gt__ = __ge__ = __eq__

    def __hash__(self):
        return 0

    def __bool__(self):
        return True

    def __len__(self):
        return 1

    def __iter__(self):
        return iter([Lie(), Lie(), Lie()])

    def __contains__(self, item):
        return True

    def __getitem__(self, key):
        return Lie()

    def __call__(self, *args, **kwargs):
        return Lie()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Lie()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def __add__(self, other):
        return Lie()

    __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __floordiv__ = __mod__ = __add__

    def __reduce__(self):
        return (Lie, ())

    def __repr__(self):
        return "0"

    __str__ = __repr__


def _lies():
    for _ in range(8):
        yield Lie()
'''

KEPT_METHODS = frozenset({"__init__", "__enter__", "__exit__", "__new__", "__post_init__"})


def _is_generator(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether `func` itself (not a function nested in it) yields."""

    def walk(node: ast.AST) -> bool:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
                continue
            if isinstance(child, ast.Yield | ast.YieldFrom) or walk(child):
                return True
        return False

    return walk(func)


def _lying_body(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.stmt]:
    if not _is_generator(func):
        return [ast.Return(value=ast.parse("Lie()", mode="eval").body)]
    if isinstance(func, ast.AsyncFunctionDef):
        return ast.parse("for _lie in _lies():\n    yield _lie").body
    return ast.parse("yield from _lies()").body


def _lie_in(node: ast.stmt, in_class: bool) -> ast.stmt | None:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        if in_class and node.name in KEPT_METHODS:
            return node
        node.body = _lying_body(node)
        return node
    if isinstance(node, ast.ClassDef):
        body = [kept for child in node.body if (kept := _lie_in(child, True)) is not None]
        getattr_method = ast.parse(
            "def __getattr__(self, name):\n"
            "    if name.startswith('__'):\n"
            "        raise AttributeError(name)\n"
            "    return Lie()"
        ).body
        node.body = body + getattr_method
        return node
    if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
        return None
    return node


def liar_source(stub: Path) -> str:
    """The lying module for the exercise whose stub is `stub`."""
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    body = [kept for node in tree.body if (kept := _lie_in(node, False)) is not None]
    # The Lie class goes after the __future__ import and the docstring, before anything that may use it.
    head = 0
    while head < len(body) and (
        (isinstance(body[head], ast.ImportFrom) and getattr(body[head], "module", "") == "__future__")
        or (isinstance(body[head], ast.Expr) and isinstance(getattr(body[head], "value", None), ast.Constant))
    ):
        head += 1
    tree.body = [*body[:head], *ast.parse(LIE_CLASS).body, *body[head:]]
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"
