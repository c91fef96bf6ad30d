"""The terminal report: a line per test, each root cause's diagnosis once, the total, and what to do next.

Colour only when the output is a terminal (rich decides, and honours NO_COLOR). Text from the child is
learner-controlled, so it is shown as plain text with control characters removed, never as markup.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader import i18n
from grader.reporters import views
from grader.results import CaseResult
from grader.results import GradingResult
from grader.results import Outcome

CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f]")
STYLES = {Outcome.PASS: "green", Outcome.FAIL: "red", Outcome.ERROR: "red", Outcome.TIMEOUT: "yellow"}
LABELS = {Outcome.PASS: "PASS", Outcome.FAIL: "FAIL", Outcome.ERROR: "ERROR", Outcome.TIMEOUT: "TIMEOUT"}
MESSAGE_LINES = 24


def label(outcome: Outcome) -> str:
    """An outcome's status word in the learner's language."""
    return i18n.t(f"status.{outcome.value}") if i18n.has(f"status.{outcome.value}") else LABELS[outcome]


PIPE_WIDTH = 200


def console_for(stream: TextIO | None = None) -> Console:
    """A console on `stream` (stdout by default); off a terminal, wide enough that tables do not wrap."""
    target = stream or sys.stdout
    try:
        tty = target.isatty()
    except (AttributeError, ValueError):
        tty = False
    return Console(file=stream, highlight=False, soft_wrap=True, width=None if tty else PIPE_WIDTH)


def plain(text: str) -> str:
    """Learner-controlled text made safe to print."""
    return CONTROL.sub("", text)


def short_name(name: str) -> str:
    """`tests/hidden/test_x.py::test_y` -> `test_x::test_y`: enough to find it, short enough to scan."""
    path, _, rest = name.partition("::")
    stem = path.rsplit("/", 1)[-1].removesuffix(".py")
    return f"{stem}::{rest}" if rest else stem


def _points(value: float) -> str:
    return f"{value:g}"


def _message(case: CaseResult) -> Text:
    diagnosis = case.diagnosis
    text = Text("        ")
    if diagnosis is None:
        return text.append(plain(case.message))
    lines = plain(diagnosis.message).splitlines() or [""]
    if len(lines) > MESSAGE_LINES:
        lines = [*lines[:MESSAGE_LINES], i18n.t("term.more_lines", n=len(lines) - MESSAGE_LINES)]
    kind = i18n.kind_label(diagnosis.kind)
    if not lines[0].startswith(kind):  # a Chinese head already names it
        text.append(f"{kind}: ", style="bold")
    text.append("\n        ".join(lines))
    if diagnosis.hint and diagnosis.hint not in diagnosis.message:
        text.append("\n        " + i18n.t("term.hint", hint=plain(diagnosis.hint)), style="dim")
    return text


def case_line(case: CaseResult, width: int = 0) -> Text:
    """A test's score line: outcome, short name (padded to `width`), points."""
    line = Text("  ")
    line.append(f"{label(case.outcome):<8}", style=STYLES[case.outcome])
    line.append(f"{plain(short_name(case.name)):<{width}}  ")
    line.append(f"{_points(case.score)}/{_points(case.max_score)}")
    return line


def next_steps(result: GradingResult, hints: str | None, json_path: str | None, *, watching: bool = False) -> list[str]:
    """What the learner can do now, most useful first (`watching`: inside `grade watch`, saving regrades)."""
    if result.full_marks:
        return [i18n.t("next.full_marks"), i18n.t("next.next")]
    kinds = {case.diagnosis.kind for case in result.failures if case.diagnosis}
    steps: list[str] = []
    if "import_error" in kinds:
        steps.append(i18n.t("next.import_error"))
    if hints:
        steps.append(i18n.t("next.read_hints", path=hints))
        steps.append(i18n.t("next.hint_cmd", exercise=result.exercise))
    if any(case.diagnosis and case.diagnosis.replay for case in result.failures):
        steps.append(i18n.t("next.seed", exercise=result.exercise, seed=result.seed))
        if json_path and json_path != "-":
            steps.append(i18n.t("next.replay", path=json_path))
    if watching:
        steps.append(i18n.t("next.save"))
    else:
        steps.append(i18n.t("next.again", exercise=result.exercise))
    return steps


def render(
    result: GradingResult,
    console: Console,
    *,
    hints: str | None = None,
    json_path: str | None = None,
    watching: bool = False,
) -> None:
    """Print one grading."""
    console.print(Text(f"{result.exercise} {result.slug}: {plain(result.title)}", style="bold"))
    width = max((len(short_name(case.name)) for case in result.tests), default=0)
    firsts = {cause.first.name: cause for cause in views.causes(result)}
    for case in result.tests:
        console.print(case_line(case, width))
        cause = firsts.pop(case.name, None)
        if cause is not None:
            console.print(_message(case))
            if cause.others:
                names = ", ".join(plain(name) for name in views.case_names(result, cause.others))
                console.print(Text("        " + i18n.t("term.also_fails", names=names), style="dim"))
    if result.run.leftover_processes:
        console.print(Text("  " + i18n.t("term.leftover", n=result.run.leftover_processes), style="dim"))
    total = Text(i18n.t("term.score"), style="bold")
    total.append(
        f"{_points(result.score)} / {_points(result.max_score)}", style="green" if result.full_marks else "red"
    )
    console.print(total)
    capped = views.cap_sentence(result)
    if capped:
        console.print(Text(f"  {capped}", style="dim"))
    console.print(Text(i18n.t("term.next"), style="bold"))
    for step in next_steps(result, hints, json_path, watching=watching):
        console.print(Text(f"  {step}"))


def render_rows(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], console: Console) -> None:
    """A plain table, e.g. the catalogue or the verify report."""
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(Text(plain(cell)) for cell in row))
    console.print(table)
