"""Exact checks for exercise tests: a value from a submission is trusted only once its type is a builtin's.

Anything a submission returns, yields, sends or stores can lie: an `int` subclass whose `__eq__` is always
True, a `__len__` or `__bool__` that says what the test hopes, a `__class__` property that fools
`isinstance`. These helpers look at `type(value)` only, which no object can fake, and compare with the
builtin types' own equality once every value inside is known to be a plain builtin. No method of the
submission's objects is ever called, not even `__repr__` for a message.
"""

from __future__ import annotations

import types
import typing
from typing import Any
from typing import TypeVar
from typing import overload

T = TypeVar("T")

# Types whose instances are plain data: their equality, hashing, length and iteration are the builtins'.
SCALARS: tuple[type, ...] = (int, bool, float, complex, str, bytes, type(None))
CONTAINERS: tuple[type, ...] = (list, tuple, dict, set, frozenset)
MAX_DEPTH = 50  # deeper nesting (or a list that contains itself) is not plain data
MAX_SHOWN = 200  # characters of a value's repr in a message

_NAMES = {type(None): "None", bool: "bool", int: "int", float: "float", complex: "complex"}


def type_name(cls: type) -> str:
    """The class's own name, read through `type` so that a metaclass cannot change what a message says."""
    name = type.__dict__["__name__"].__get__(cls, type)
    return name if type(name) is str else "object"


def a_type(cls: type) -> str:
    """`an int`, `a MyInt`, `None`: the class named the way a sentence about a value needs it."""
    if cls is type(None):
        return "None"
    name = type_name(cls)
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def plain(value: object, depth: int = 0) -> bool:
    """Whether `value` is builtin data all the way down: the only kind whose `==` cannot lie."""
    cls = type(value)
    if cls in SCALARS:
        return True
    if depth >= MAX_DEPTH or cls not in CONTAINERS:
        return False
    if cls is dict:
        items = typing.cast("dict[object, object]", value)
        return all(plain(k, depth + 1) and plain(v, depth + 1) for k, v in items.items())
    return all(plain(item, depth + 1) for item in typing.cast("typing.Iterable[object]", value))


def show(value: object) -> str:
    """A repr for a failure message that runs none of the submission's code: `[1, 2]`, or `a MyInt`."""
    if not plain(value):
        return a_type(type(value))
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def _described(value: object) -> str:
    """`a str ('3')`, `None`: a value of the wrong type, named by its type first."""
    if value is None or not plain(value):
        return a_type(type(value))
    return f"{a_type(type(value))} ({show(value)})"


def _not_plain(value: object, what: str) -> str:
    cls = type(value)
    for base in SCALARS + CONTAINERS:
        if cls is not base and issubclass(cls, base):
            return f"{what} is {a_type(cls)}, not a plain {type_name(base)} (a subclass can redefine ==)"
    return f"{what} is {a_type(cls)}, not plain data (an int, str, list, dict, ...)"


def _first_impure(value: object, what: str, depth: int = 0) -> str | None:
    """Why `value` is not plain data, naming the part that is not (`result[2]`), or None if it is."""
    cls = type(value)
    if cls in SCALARS:
        return None
    if cls not in CONTAINERS:
        return _not_plain(value, what)
    if depth >= MAX_DEPTH:
        return f"{what} is nested more than {MAX_DEPTH} levels deep"
    if cls is dict:
        for key, item in typing.cast("dict[object, object]", value).items():
            problem = _first_impure(key, f"a key of {what}", depth + 1)
            if problem is None:
                problem = _first_impure(item, f"{what}[{show(key)}]", depth + 1)
            if problem is not None:
                return problem
        return None
    for index, item in enumerate(typing.cast("typing.Iterable[object]", value)):
        where = f"{what}[{index}]" if cls in (list, tuple) else f"an item of {what}"
        problem = _first_impure(item, where, depth + 1)
        if problem is not None:
            return problem
    return None


def _differs(actual: object, expected: object, what: str) -> str | None:
    """Why `actual` is not `expected` in type and value, or None. `actual` is known to be plain."""
    got, want = type(actual), type(expected)
    if got is not want:
        return f"{what} is {_described(actual)}, expected {a_type(want)} equal to {show(expected)}"
    if want in (list, tuple):
        seq, exp = typing.cast("typing.Sequence[object]", actual), typing.cast("typing.Sequence[object]", expected)
        if len(seq) != len(exp):
            return f"{what} has {len(seq)} items, expected {len(exp)}: {show(expected)} (got {show(actual)})"
        for index, (a, e) in enumerate(zip(seq, exp, strict=True)):
            problem = _differs(a, e, f"{what}[{index}]")
            if problem is not None:
                return problem
        return None
    if want in (set, frozenset, dict):
        # Everything is plain, so hashing and == are the builtins'; match each expected key with the actual
        # one equal to it, then compare types (1 and True are equal keys of different types).
        keys = {k: k for k in typing.cast("typing.Iterable[object]", actual)}
        wanted = list(typing.cast("typing.Iterable[object]", expected))
        missing = [k for k in wanted if k not in keys]
        extra = [k for k in keys if k not in set(wanted)]
        if missing or extra:
            parts = ([f"missing {show(missing)}"] if missing else []) + ([f"unexpected {show(extra)}"] if extra else [])
            return f"{what} is {show(actual)}, expected {show(expected)} ({', '.join(parts)})"
        for key in wanted:
            label = f"a key of {what}" if want is dict else f"an item of {what}"
            problem = _differs(keys[key], key, label)
            if problem is None and want is dict:
                got_map, want_map = (
                    typing.cast("dict[object, object]", actual),
                    typing.cast("dict[object, object]", expected),
                )
                problem = _differs(got_map[key], want_map[key], f"{what}[{show(key)}]")
            if problem is not None:
                return problem
        return None
    if actual != expected:  # scalars of the same builtin type: the builtin's own ==
        return f"{what} is {show(actual)}, expected {show(expected)}"
    return None


def mismatch(actual: object, expected: object, what: str = "the result") -> str | None:
    """Why `actual` is not exactly `expected` (same builtin types all the way down, equal values), or None."""
    problem = _first_impure(expected, "the expected value")
    if problem is not None:
        raise TypeError(f"exact() compares plain data only: {problem}")
    problem = _first_impure(actual, what)
    if problem is not None:
        return f"{problem}; expected {show(expected)}"
    return _differs(actual, expected, what)


def same(actual: object, expected: object) -> bool:
    """Whether `actual` is exactly `expected`, for a test that keeps its own message: `assert same(r, 0), msg`."""
    return mismatch(actual, expected) is None


def exact(actual: object, expected: object, what: str = "the result", hint: str = "") -> None:
    """Assert that `actual` is `expected`: the same builtin types recursively (dict keys too) and equal.

    `what` names the value in the message ("run(times=2)", "the first item read from the queue"); `hint`, if
    given, follows the message and says what to try.
    """
    problem = mismatch(actual, expected, what)
    if problem is not None:
        raise AssertionError(f"{problem}. {hint}".rstrip() if hint else problem + ".")


def _type_mismatch(value: object, kind: object, what: str, depth: int) -> str | None:
    """Why `value` is not of the type form `kind` (a class, `list[int]`, `tuple[int, ...]`, `int | None`)."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Union or origin is types.UnionType:
        problems = [_type_mismatch(value, option, what, depth) for option in args]
        if all(problems):
            names = " or ".join(_form_name(option) for option in args)
            return f"{what} is {_described(value)}, expected {names}"
        return None
    if kind is None:
        kind = type(None)
    if kind is Any or kind is object:
        return _first_impure(value, what, depth)
    cls = origin if origin is not None else kind
    if not isinstance(cls, type) or (cls not in SCALARS and cls not in CONTAINERS):
        raise TypeError(f"exact_type() checks builtin data types only, not {kind!r}")
    if type(value) is not cls:
        if issubclass(type(value), cls):
            return f"{_not_plain(value, what)}; expected {_form_name(kind)}"
        return f"{what} is {_described(value)}, expected {_form_name(kind)}"
    if cls in SCALARS:
        return None
    if depth >= MAX_DEPTH:
        return f"{what} is nested more than {MAX_DEPTH} levels deep"
    if not args:
        return _first_impure(value, what, depth)
    if cls is dict:
        key_kind, item_kind = args
        for key, item in typing.cast("dict[object, object]", value).items():
            problem = _type_mismatch(key, key_kind, f"a key of {what}", depth + 1)
            if problem is None:
                problem = _type_mismatch(item, item_kind, f"{what}[{show(key)}]", depth + 1)
            if problem is not None:
                return problem
        return None
    items = list(typing.cast("typing.Iterable[object]", value))
    if cls is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        if len(items) != len(args):
            return f"{what} has {len(items)} items, expected {len(args)} ({_form_name(kind)})"
        kinds: list[object] = list(args)
    else:
        kinds = [args[0]] * len(items)
    for index, (item, item_kind) in enumerate(zip(items, kinds, strict=True)):
        where = f"{what}[{index}]" if cls in (list, tuple) else f"an item of {what}"
        problem = _type_mismatch(item, item_kind, where, depth + 1)
        if problem is not None:
            return problem
    return None


def _form_name(kind: object) -> str:
    if kind is None or kind is type(None):
        return "None"
    if isinstance(kind, type) and typing.get_origin(kind) is None:
        return a_type(kind)
    return f"a {kind!r}".replace("typing.", "")


@overload
def exact_type(value: object, kind: type[T], what: str = ...) -> T: ...
@overload
def exact_type(value: object, kind: object, what: str = ...) -> Any: ...
def exact_type(value: object, kind: object, what: str = "the result") -> Any:
    """Assert that `value` is exactly of the builtin type `kind`, and return it.

    `kind` is `int`, `str`, ..., a parametrised container (`list[int]`, `dict[str, int]`, `tuple[int, ...]`,
    `tuple[int, str]`, `set[str]`), a union (`int | None`), or `object` for "any plain data". A bare container
    (`list`) also requires every item inside to be plain data, so that `==`, `len()`, `in` and `sorted()` on
    the returned value run only the builtins' code.
    """
    problem = _type_mismatch(value, kind, what, 0)
    if problem is not None:
        raise AssertionError(problem + ".")
    return value
