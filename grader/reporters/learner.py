"""The learner loop's screens: progress by topic, the next exercise, a hint, instructions, watch banners.

Exercise texts are the authors' Markdown, printed as plain text (never as rich markup) so that brackets in code
survive.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from grader import i18n
from grader.catalog import Exercise
from grader.learner.hints import Choice
from grader.learner.progress import Progress
from grader.learner.progress import Status
from grader.reporters import terminal

MARKS = {Status.DONE: "done", Status.STARTED: "started", Status.NOT_STARTED: "not started"}
STYLES = {Status.DONE: "green", Status.STARTED: "yellow", Status.NOT_STARTED: "dim"}


def _mark(status: Status) -> str:
    return i18n.local(f"mark.{status.name.lower()}", MARKS[status])


def _score(progress: Progress, exercise: Exercise) -> str:
    entry = progress.get(exercise.id)
    if entry.score is None:
        return f"-/{exercise.points:g}"
    return f"{entry.score:g}/{exercise.points:g}"


def render_progress(exercises: Sequence[Exercise], progress: Progress, console: Console) -> None:
    """The catalogue grouped by topic (in catalogue order), with each exercise's status and last score."""
    topics: dict[str, list[Exercise]] = {}
    for exercise in exercises:
        topics.setdefault(exercise.topic or "other", []).append(exercise)
    for topic, members in topics.items():
        done = sum(progress.status(e.id) is Status.DONE for e in members)
        rows = [[_mark(progress.status(e.id)), e.id, e.slug, _score(progress, e), e.title] for e in members]
        columns = [i18n.t(f"col.{name}") for name in ("status", "id", "slug", "score", "title")]
        terminal.render_rows(
            i18n.t("progress.topic", topic=topic, done=done, total=len(members)), columns, rows, console
        )
        console.print()
    statuses = [progress.status(e.id) for e in exercises]
    console.print(
        Text(
            i18n.t(
                "progress.total",
                done=statuses.count(Status.DONE),
                total=len(exercises),
                started=statuses.count(Status.STARTED),
                not_started=statuses.count(Status.NOT_STARTED),
            ),
            style="bold",
        )
    )


def how_to_start(exercise: Exercise, stub: str) -> list[str]:
    number = f"{exercise.number:02d}"
    return [
        i18n.t("start.read", number=number),
        i18n.t("start.edit", stub=stub),
        i18n.t("start.run", number=number),
        i18n.t("start.stuck", number=number),
    ]


def render_next(exercise: Exercise | None, status: Status, paragraph: str, stub: str, console: Console) -> None:
    """`grade next`: the first unfinished exercise, what it is about and how to start."""
    if exercise is None:
        console.print(Text(i18n.t("next.all_done"), style="bold green"))
        return
    title = Text(
        i18n.t("next.title", exercise=exercise.id, slug=exercise.slug, title=terminal.plain(exercise.title)),
        style="bold",
    )
    if status is Status.STARTED:
        title.append(i18n.t("next.started"), style="yellow")
    console.print(title)
    if paragraph:
        console.print()
        console.print(Text(terminal.plain(paragraph)))
    console.print()
    for line in how_to_start(exercise, stub):
        console.print(Text(f"  {line}"))


def render_hint(exercise: Exercise, choice: Choice, total: int, console: Console) -> None:
    """One hint, why it was chosen, and whether there are more."""
    heading = Text(i18n.t("hint.heading", exercise=exercise.id, number=choice.hint.number, total=total), style="bold")
    if choice.matched:
        heading.append(i18n.t("hint.for_failure", kind=i18n.kind_label(choice.matched)), style="dim")
    console.print(heading)
    console.print()
    console.print(Text(terminal.plain(choice.hint.text)))
    console.print()
    if choice.remaining:
        console.print(Text(i18n.t("hint.more", n=choice.remaining, exercise=exercise.id), style="dim"))
    else:
        console.print(Text(i18n.t("hint.last", exercise=exercise.id), style="dim"))


def render_text(text: str, console: Console) -> None:
    """An exercise's Markdown file as plain text."""
    console.print(Text(terminal.plain(text.rstrip("\n")).replace("\t", "    ")))


def render_watch_start(exercise: Exercise, stub: str, console: Console) -> None:
    """Before each grading in `grade watch`: clear a terminal, or draw a rule when the output is a pipe."""
    if console.is_terminal:
        console.clear()
    limit = f"{exercise.limits.wall_timeout:g}"
    text = i18n.t("watch.grading", exercise=exercise.id, slug=exercise.slug, stub=stub, limit=limit)
    console.print(Rule(text, style="dim"))


def watching(exercise: Exercise, stub: str) -> str:
    return i18n.t("watch.watching", stub=stub, exercise=exercise.id)
