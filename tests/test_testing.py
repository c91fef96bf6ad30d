"""grader.testing: exact checks that no object a submission makes can talk its way through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from grader import testing
from grader.testing import exact
from grader.testing import exact_type


class Trap(Exception):
    """Raised by every method of the hostile objects below that the checks must never call."""


def trap(*args: Any) -> Any:
    raise Trap("a check ran the submission's code")


class EqInt(int):
    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    __hash__ = int.__hash__


class TrapInt(int):
    """An int subclass whose every dunder a careless check might call raises."""

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = trap
    __hash__ = __bool__ = __int__ = __index__ = __repr__ = __str__ = __format__ = trap


class EqStr(str):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__
    __contains__ = __len__ = __iter__ = __repr__ = trap


class LyingList(list):  # type: ignore[type-arg]
    __eq__ = __len__ = __iter__ = __contains__ = __bool__ = __getitem__ = __repr__ = trap


class LyingTuple(tuple):  # type: ignore[type-arg]
    __eq__ = __len__ = __iter__ = __contains__ = __hash__ = __getitem__ = trap


class LyingDict(dict):  # type: ignore[type-arg]
    __eq__ = __len__ = __iter__ = __contains__ = __getitem__ = trap
    keys = items = values = trap


class LyingSet(set):  # type: ignore[type-arg]
    __eq__ = __len__ = __iter__ = __contains__ = trap


class Liar:
    """Not a builtin at all: equal to everything, true, long, and pretending to be an int."""

    __eq__ = __lt__ = __contains__ = __iter__ = __len__ = __bool__ = __int__ = __index__ = __hash__ = trap
    __repr__ = __str__ = trap

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return int


class KeyLiar:
    """Hashes like 1 and equals everything: a dict key that would match any expected key."""

    def __hash__(self) -> int:
        return hash(1)

    def __eq__(self, other: object) -> bool:
        return True


class NamedMeta(type):
    @property
    def __name__(cls) -> str:  # type: ignore[override]
        raise Trap("the message read the metaclass's name")


class Renamed(metaclass=NamedMeta):
    pass


HOSTILE = [
    pytest.param(lambda: EqInt(0), 0, id="int-subclass-eq"),
    pytest.param(lambda: TrapInt(0), 0, id="int-subclass-traps"),
    pytest.param(lambda: Liar(), 0, id="class-property"),
    pytest.param(lambda: EqStr("x"), "x", id="str-subclass"),
    pytest.param(lambda: LyingList([1, 2]), [1, 2], id="list-subclass"),
    pytest.param(lambda: LyingTuple((1, 2)), (1, 2), id="tuple-subclass"),
    pytest.param(lambda: LyingDict(a=1), {"a": 1}, id="dict-subclass"),
    pytest.param(lambda: LyingSet({1}), {1}, id="set-subclass"),
    pytest.param(lambda: [1, EqInt(2)], [1, 2], id="liar-in-list"),
    pytest.param(lambda: (1, [TrapInt(2)]), (1, [2]), id="liar-nested"),
    pytest.param(lambda: {"a": EqInt(1)}, {"a": 1}, id="liar-dict-value"),
    pytest.param(lambda: {EqStr("a"): 1}, {"a": 1}, id="liar-dict-key"),
    pytest.param(lambda: {KeyLiar(): 1}, {1: 1}, id="key-hashing-like-1"),
    pytest.param(lambda: {KeyLiar()}, {1}, id="set-item-hashing-like-1"),
    pytest.param(lambda: frozenset({EqInt(1)}), frozenset({1}), id="frozenset-item"),
    pytest.param(lambda: Renamed(), 0, id="metaclass-name"),
    pytest.param(lambda: True, 1, id="bool-is-not-int"),
    pytest.param(lambda: 1.0, 1, id="float-is-not-int"),
    pytest.param(lambda: [True], [1], id="bool-in-list"),
    pytest.param(lambda: {True}, {1}, id="bool-in-set"),
    pytest.param(lambda: {1: "a"}, {True: "a"}, id="int-key-for-bool"),
    pytest.param(lambda: (1, 2), [1, 2], id="tuple-for-list"),
]


@pytest.mark.parametrize(("actual", "expected"), HOSTILE)
def test_exact_rejects_every_lying_or_mistyped_value(actual: Callable[[], object], expected: object) -> None:
    with pytest.raises(AssertionError) as failure:
        exact(actual(), expected, what="run()")
    assert str(failure.value).startswith(("run()", "a key of run()", "an item of run()"))


@pytest.mark.parametrize(("actual", "expected"), HOSTILE)
def test_mismatch_names_a_problem_without_running_the_submission(
    actual: Callable[[], object], expected: object
) -> None:
    assert testing.mismatch(actual(), expected, "x") is not None


@pytest.mark.parametrize(
    "value",
    [
        0,
        -3,
        "text",
        b"raw",
        None,
        2.5,
        [1, "a", None],
        (1, (2, 3)),
        {"a": [1, {"b": (2,)}]},
        {1, 2},
        frozenset({(1, "a")}),
        [],
        {},
    ],
)
def test_exact_accepts_the_expected_plain_value(value: object) -> None:
    exact(value, value)
    copy = eval(repr(value)) if type(value) is not frozenset else frozenset(value)  # a distinct but equal object
    exact(copy, value)
    assert testing.plain(value)


@pytest.mark.parametrize(
    ("actual", "expected", "message"),
    [
        (lambda: EqInt(0), 0, "run() is an EqInt, not a plain int (a subclass can redefine ==); expected 0."),
        (lambda: Liar(), 0, "run() is a Liar, not plain data (an int, str, list, dict, ...); expected 0."),
        (lambda: 3, 0, "run() is 3, expected 0."),
        (lambda: "3", 3, "run() is a str ('3'), expected an int equal to 3."),
        (
            lambda: [1, EqInt(2)],
            [1, 2],
            "run()[1] is an EqInt, not a plain int (a subclass can redefine ==); expected [1, 2].",
        ),
        (lambda: [1], [1, 2], "run() has 1 items, expected 2: [1, 2] (got [1])."),
        (lambda: {"a": 1}, {"b": 1}, "run() is {'a': 1}, expected {'b': 1} (missing ['b'], unexpected ['a'])."),
        (lambda: {"a": 2}, {"a": 1}, "run()['a'] is 2, expected 1."),
        (lambda: None, 0, "run() is None, expected an int equal to 0."),
    ],
)
def test_messages_say_what_came_and_what_was_expected(
    actual: Callable[[], object], expected: object, message: str
) -> None:
    assert f"{testing.mismatch(actual(), expected, 'run()')}." == message


def test_same_is_the_boolean_form() -> None:
    assert testing.same([1, ("a", None)], [1, ("a", None)])
    assert not testing.same(EqInt(1), 1)
    assert not testing.same([1], [True])


def test_a_hint_follows_the_message() -> None:
    with pytest.raises(AssertionError, match=r"^run\(\) is 3, expected 0\. Join the threads\.$"):
        exact(3, 0, what="run()", hint="Join the threads.")


def test_the_expected_value_must_be_plain() -> None:
    with pytest.raises(TypeError):
        exact(0, EqInt(0))


def test_a_list_that_contains_itself_is_not_plain() -> None:
    loop: list[object] = []
    loop.append(loop)
    assert not testing.plain(loop)
    with pytest.raises(AssertionError, match="nested more than"):
        exact(loop, [[]])
    with pytest.raises(AssertionError, match="nested more than"):
        exact_type(loop, list)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (0, int),
        ("a", str),
        (None, None),
        (None, int | None),
        (3, int | None),
        ([1, 2], list[int]),
        ([1, "a", [None]], list),
        ({"a": [1]}, dict[str, list[int]]),
        ((1, 2, 3), tuple[int, ...]),
        ((1, "a"), tuple[int, str]),
        ({"x"}, set[str]),
        (frozenset({1}), frozenset[int]),
        ({"a": (1, [2])}, object),
    ],
)
def test_exact_type_accepts_and_returns_plain_values(value: object, kind: object) -> None:
    assert exact_type(value, kind) is value


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (lambda: EqInt(0), int),
        (lambda: TrapInt(0), int),
        (lambda: Liar(), int),
        (lambda: True, int),
        (lambda: EqStr("a"), str),
        (lambda: LyingList([1]), list),
        (lambda: LyingList([1]), list[int]),
        (lambda: [EqInt(1)], list),
        (lambda: [EqInt(1)], list[int]),
        (lambda: ["1"], list[int]),
        (lambda: {EqStr("a"): 1}, dict[str, int]),
        (lambda: {"a": EqInt(1)}, dict),
        (lambda: (1,), tuple[int, str]),
        (lambda: (1, TrapInt(2)), tuple[int, ...]),
        (lambda: {EqInt(1)}, set[int]),
        (lambda: LyingDict(), dict[str, int]),
        (lambda: "3", int | None),
        (lambda: EqInt(3), int | None),
        (lambda: [Liar()], object),
        (lambda: Renamed(), int),
    ],
)
def test_exact_type_rejects_liars_and_wrong_types(value: Callable[[], object], kind: object) -> None:
    with pytest.raises(AssertionError) as failure:
        exact_type(value(), kind, what="the item")
    assert "the item" in str(failure.value)


def test_exact_type_names_the_subclass_and_the_type_wanted() -> None:
    with pytest.raises(AssertionError) as failure:
        exact_type(EqInt(3), int, what="run()")
    assert str(failure.value) == "run() is an EqInt, not a plain int (a subclass can redefine ==); expected an int."


def test_exact_type_refuses_non_builtin_kinds() -> None:
    with pytest.raises(TypeError):
        exact_type(0, EqInt)


def test_show_never_calls_repr_of_what_is_not_plain() -> None:
    assert testing.show(TrapInt(1)) == "a TrapInt"
    assert testing.show([1, TrapInt(1)]) == "a list"
    assert testing.show([1, 2]) == "[1, 2]"
    assert testing.show("x" * 500).endswith("...")
    assert testing.show(Renamed()) == "a Renamed"
