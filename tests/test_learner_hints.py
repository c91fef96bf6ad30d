# ruff: noqa: RUF001  (the Chinese texts are meant to have full-width punctuation)
from __future__ import annotations

from pathlib import Path

import pytest

from grader.learner import hints

EXERCISES = Path(__file__).resolve().parent.parent / "exercises"

TAGGED = """# Hints

## Hint 1

How many steps is `x = x + 1`?

## Hint 2 (deadlock)

Take the locks in the same order everywhere.

Keep reading if you'd like more hints.

## Hint 3 (lost_update, mutual_exclusion)

Make the read-modify-write atomic: hold one lock around it.

## Hint 4

Spelled out: `with lock: x = x + 1`.
"""

ZH = """# 提示

## 提示 1（deadlock）

锁的顺序。

还想要更多提示的话，请继续往下看。

## 提示 2（共享列表带来的 error 或 lost_item）

共享列表。
"""

UNTAGGED = """# Hints

## Hint 1

Look at one line. How many steps does a thread take to run it?

## Hint 2

A deadlock needs a cycle: take the locks in the same order.

## Hint 3

Make the update atomic with a lock.
"""


def test_tagged_sections_with_kinds() -> None:
    parsed = hints.parse(TAGGED)
    assert [h.number for h in parsed] == [1, 2, 3, 4]
    assert [h.kinds for h in parsed] == [
        frozenset(),
        {"deadlock"},
        {"lost_update", "mutual_exclusion"},
        frozenset(),
    ]
    assert "Keep reading" not in parsed[1].text
    assert parsed[1].text == "Take the locks in the same order everywhere."


def test_chinese_headings_with_full_width_parentheses() -> None:
    parsed = hints.parse(ZH)
    assert [(h.number, h.kinds) for h in parsed] == [(1, {"deadlock"}), (2, {"error", "lost_item"})]
    assert parsed[0].text == "锁的顺序。"


def test_numbered_list_and_plain_file() -> None:
    listed = hints.parse("# Hints\n\n1. First, gently.\n   Still the first.\n\n2. Second.\n")
    assert [(h.number, h.text) for h in listed] == [(1, "First, gently.\n   Still the first."), (2, "Second.")]
    assert [(h.number, h.text) for h in hints.parse("# Hints\n\nJust read the docs.\n")] == [(1, "Just read the docs.")]
    assert hints.parse("# Hints\n") == ()


def test_a_deadlock_gets_the_lock_order_hint_and_a_lost_update_the_atomicity_hint() -> None:
    parsed = hints.parse(TAGGED)
    deadlock = hints.choose(parsed, shown=(), kinds=("deadlock",))
    lost = hints.choose(parsed, shown=(), kinds=("lost_update",))
    assert deadlock is not None and lost is not None
    assert (deadlock.hint.number, deadlock.matched) == (2, "deadlock")
    assert (lost.hint.number, lost.matched) == (3, "lost_update")


def test_costliest_kind_first_then_file_order_then_none() -> None:
    parsed = hints.parse(TAGGED)
    first = hints.choose(parsed, shown=(), kinds=("wrong_result", "lost_update"))
    assert first is not None and first.hint.number == 3  # no hint for wrong_result: the next kind counts
    plain = hints.choose(parsed, shown=(2,), kinds=("deadlock",))  # the deadlock hint was already shown
    assert plain is not None and (plain.hint.number, plain.matched, plain.remaining) == (1, None, 2)
    assert hints.choose(parsed, shown=(1, 2, 3, 4), kinds=("deadlock",)) is None


def test_untagged_files_match_by_words() -> None:
    parsed = hints.parse(UNTAGGED)
    deadlock = hints.choose(parsed, shown=(), kinds=("deadlock",))
    lost = hints.choose(parsed, shown=(), kinds=("lost_update",))
    assert deadlock is not None and deadlock.hint.number == 2
    assert lost is not None and lost.hint.number == 2  # "locks" comes first: gentle before explicit
    assert hints.choose(parsed, shown=(2,), kinds=("lost_update",)).hint.number == 3  # type: ignore[union-attr]


def test_load_prefers_the_translation_and_falls_back(tmp_path: Path) -> None:
    (tmp_path / "hints.md").write_text(TAGGED, encoding="utf-8")
    assert len(hints.load(tmp_path, "zh")) == 4
    (tmp_path / "hints.zh.md").write_text(ZH, encoding="utf-8")
    assert len(hints.load(tmp_path, "zh")) == 2
    assert hints.load(tmp_path / "nowhere", "en") == ()


@pytest.mark.parametrize("path", sorted(EXERCISES.glob("*/hints*.md")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_exercise_hints_file_parses(path: Path) -> None:
    parsed = hints.parse(path.read_text(encoding="utf-8"))
    assert parsed, f"{path}: no hints found"
    assert len({h.number for h in parsed}) == len(parsed)
