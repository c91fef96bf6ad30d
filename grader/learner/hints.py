"""Hints one at a time, the one that fits the last failure first, and the exercise's hint for a failure's kind.

Which hints answer which diagnosis kind is a fact of the exercise: the `[hints]` table of `exercise.toml`
(`deadlock = [1, 2]`: hints 1 and 2 answer a deadlock), the same for every translation of the hints file. With
a failure of a kind the table names, the report shows the first paragraph of its first hint instead of the
explorer's or the plugin's generic one (`attach`). `hints.md` is parsed robustly, because the exercises write it in three ways: `## Hint N` sections (also
`## 提示 N`), optionally tagged with the diagnosis kinds they answer (`## Hint 2 (deadlock)`,
`## 提示 4`, full-width parentheses too: any known kind named in the heading counts); a numbered list
(`1. ...`); or, failing both, the whole file as one hint. When no hint of an exercise is tagged, a hint whose
text names the failure (a deadlock: "deadlock", "lock order", "cycle"; a lost update: "atomic", "lock", ...)
counts as tagged, so a deadlock still gets the lock-order hint first.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from grader import i18n
from grader.learner import lang as language
from grader.results import DIAGNOSIS_KINDS
from grader.results import CaseResult

if TYPE_CHECKING:
    from grader.catalog import Exercise

HEADING = re.compile(r"^#{2,3}[ \t]+[^\d\n]*?(?P<number>\d+)(?P<rest>[^\n]*)$", re.MULTILINE)
ITEM = re.compile(r"^(?P<number>\d+)[.)][ \t]+", re.MULTILINE)
WORD = re.compile(r"[a-z_]+")
# "Keep reading" is right in the whole file, wrong when a hint is shown on its own.
KEEP_READING = re.compile(
    r"^[ \t]*(Keep reading if you'd like more hints\.|还想要更多提示的话\uff0c请继续往下看\u3002)[ \t]*$\n?", re.M
)
# Words that tie an untagged hint to a kind, for hint files without tags.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "deadlock": ("deadlock", "lock order", "same order", "opposite order", "cycle", "死锁", "顺序"),
    "lock_order": ("lock order", "same order", "opposite order", "cycle", "顺序"),
    "lost_update": ("lost update", "atomic", "read-modify-write", "lock", "原子", "锁"),
    "mutual_exclusion": ("mutual exclusion", "lock", "锁"),
    "timeout": ("timeout", "forever", "wait", "超时", "永远"),
    "lost_item": ("sentinel", "lost", "task_done", "哨兵"),
    "leaked_thread": ("join", "daemon", "leak"),
    "leaked_process": ("join", "terminate", "leak"),
    "over_limit": ("semaphore", "limit", "slot", "信号量"),
    "serialized": ("parallel", "at once", "start all", "before joining", "并行"),
}


@dataclass(frozen=True)
class Hint:
    """One hint: its number in the file, the kinds its heading names, and its text."""

    number: int
    text: str
    kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Choice:
    """The hint to show next and the failure kind it was chosen for (None: simply the next in order)."""

    hint: Hint
    matched: str | None
    remaining: int  # hints not yet shown after this one


def _kinds(heading: str) -> frozenset[str]:
    return frozenset(word for word in WORD.findall(heading.lower()) if word in DIAGNOSIS_KINDS)


def _clean(text: str) -> str:
    return KEEP_READING.sub("", text).strip()


def _split(text: str, pattern: re.Pattern[str]) -> list[tuple[re.Match[str], str]]:
    matches = list(pattern.finditer(text))
    bodies = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        bodies.append((match, text[match.end() : end]))
    return bodies


def parse(text: str) -> tuple[Hint, ...]:
    """The hints of one hints file, in file order."""
    sections = _split(text, HEADING)
    if sections:
        return tuple(
            Hint(int(match["number"]), _clean(body), _kinds(match["rest"])) for match, body in sections if _clean(body)
        )
    items = _split(text, ITEM)
    if items:
        return tuple(Hint(int(match["number"]), _clean(body)) for match, body in items if _clean(body))
    body = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    return (Hint(1, _clean(body)),) if _clean(body) else ()


def load(folder: Path, lang: str, tags: Sequence[tuple[str, Sequence[int]]] = ()) -> tuple[Hint, ...]:
    """The hints of the exercise in `folder`, in `lang` when translated; () when it has no hints file.

    `tags` (the exercise's `[hints]` table), when given, says which kinds each hint answers, not its heading.
    """
    path = language.localized(folder, "hints", lang)
    try:
        found = parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ()
    if not tags:
        return found
    return tuple(
        replace(hint, kinds=frozenset(kind for kind, numbers in tags if hint.number in numbers)) for hint in found
    )


def for_exercise(exercise: Exercise, lang: str = language.DEFAULT) -> tuple[Hint, ...]:
    """The exercise's hints, tagged by its `[hints]` table."""
    return load(exercise.folder, lang, exercise.hints)


def first_paragraph(text: str) -> str:
    """A hint's first paragraph of prose on one line (code blocks are skipped): the inline hint."""
    for paragraph in re.split(r"\n[ \t]*\n", text):
        if paragraph.strip() and not paragraph.lstrip().startswith("```"):
            return " ".join(paragraph.split())
    return ""


def inline(hints: Sequence[Hint], kind: str) -> str | None:
    """The hint printed with a failure of `kind`: its first tagged hint's first paragraph, or None."""
    hint = next((hint for hint in hints if kind in hint.kinds), None)
    return (first_paragraph(hint.text) or None) if hint is not None else None


def attach(exercise: Exercise, cases: Sequence[CaseResult]) -> list[CaseResult]:
    """Each failing case with the exercise's hint for its kind in place of the generic one, where it has one."""
    found = for_exercise(exercise, i18n.language()) if exercise.hints else ()
    out = []
    for case in cases:
        diagnosis = case.diagnosis
        own = inline(found, diagnosis.kind) if diagnosis is not None else None
        if diagnosis is None or own is None:
            out.append(case)
            continue
        message = diagnosis.message
        shown = i18n.t("explain.hint_line", hint=diagnosis.hint)
        if diagnosis.hint and shown in message:
            message = message.replace(shown, i18n.t("explain.hint_line", hint=own), 1)
        out.append(replace(case, diagnosis=replace(diagnosis, hint=own, message=message)))
    return out


def _matches(hint: Hint, kind: str, tagged: bool) -> bool:
    if tagged:
        return kind in hint.kinds
    text = hint.text.lower()
    return kind in text or any(word in text for word in KEYWORDS.get(kind, ()))


def choose(hints: Sequence[Hint], shown: Collection[int], kinds: Sequence[str]) -> Choice | None:
    """The next hint: the first unshown one matching the costliest of `kinds`, else the next unshown one.

    None when every hint has been shown. Hints keep their order within a kind, so the gentle one comes first.
    """
    unshown = [hint for hint in hints if hint.number not in shown]
    if not unshown:
        return None
    tagged = any(hint.kinds for hint in hints)
    for kind in kinds:
        for hint in unshown:
            if _matches(hint, kind, tagged):
                return Choice(hint, kind, len(unshown) - 1)
    return Choice(unshown[0], None, len(unshown) - 1)


def by_number(hints: Sequence[Hint], number: int) -> Hint | None:
    """Hint `number`, to show one again."""
    return next((hint for hint in hints if hint.number == number), None)
