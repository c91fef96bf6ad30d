"""The learner's commands: `grade watch`, `hint`, `next`, `show`, `reset`, and progress in `grade list`.

Parsers and handlers live here so that `grader.cli` only registers them; each handler returns an exit code
(0 success, 1 not full marks, 2 usage error; usage errors are raised as `UsageError`).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import threading
from collections.abc import Callable
from collections.abc import Sequence
from pathlib import Path

from rich.markdown import Markdown

from grader import catalog
from grader import i18n
from grader import isolation
from grader import runner
from grader.errors import UsageError
from grader.learner import hints
from grader.learner import lang as language
from grader.learner import progress
from grader.learner import reset
from grader.learner import watch
from grader.reporters import json as json_reporter
from grader.reporters import learner as view
from grader.reporters import terminal
from grader.results import CaseResult
from grader.results import GradingResult

EXIT_OK = 0
EXIT_NOT_FULL = 1
EXIT_INTERRUPTED = 130  # grader.cli's: stopped by Ctrl-C
COMMANDS = ("watch", "hint", "next", "show", "reset")
ParserFactory = Callable[..., argparse.ArgumentParser]
Adder = Callable[[argparse.ArgumentParser], None]


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=language.LANGUAGES,
        help="Language of the texts (default: from LC_ALL/LC_MESSAGES/LANG, else en)",
    )


def build_parsers(make: ParserFactory, add_root: Adder, add_isolation: Adder) -> dict[str, argparse.ArgumentParser]:
    """The learner commands' parsers, made by `make` (the CLI's parser class) with its shared options."""
    watching = make(prog="grade watch", description="Regrade an exercise every time you save it (Ctrl-C stops)")
    watching.add_argument("exercise", nargs="?", help="Exercise to watch (default: the next unfinished one)")
    _add_lang(watching)
    add_isolation(watching)
    add_root(watching)

    hint = make(prog="grade hint", description="Show the next hint, the one that fits your last failure first")
    hint.add_argument("exercise", help="Exercise: exercise-04, 04, 4 or its slug")
    hint.add_argument("number", nargs="?", type=int, help="Show hint NUMBER again instead of the next one")
    _add_lang(hint)
    add_root(hint)

    upcoming = make(prog="grade next", description="The first unfinished exercise and how to start it")
    _add_lang(upcoming)
    add_root(upcoming)

    show = make(
        prog="grade show", description="Print an exercise's instructions (rendered on a terminal, else Markdown)"
    )
    show.add_argument("exercise", help="Exercise: exercise-04, 04, 4 or its slug")
    _add_lang(show)
    add_root(show)

    restore = make(prog="grade reset", description="Put an exercise's stub back (your file is backed up in .grade/)")
    restore.add_argument("exercise", help="Exercise: exercise-04, 04, 4 or its slug")
    restore.add_argument("--yes", action="store_true", help="Do not ask for confirmation")
    add_root(restore)
    return {"watch": watching, "hint": hint, "next": upcoming, "show": show, "reset": restore}


def relative_path(path: Path) -> str:
    """`path` relative to the current folder when it lies below it, else as given."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _catalog(args: argparse.Namespace, *, learning: bool = True) -> tuple[Path, tuple[catalog.Exercise, ...]]:
    """The root and catalogue; `learning`: a learner is at work, so snapshot the untouched stubs."""
    root = catalog.find_root(args.root)
    exercises = catalog.load_catalog(root)
    if learning:
        snapshot(root, exercises)
    return root, exercises


class UnknownName(catalog.UnknownExercise):
    """`grade NAME` where NAME is neither a command nor an exercise."""


def unknown_name(name: str, commands: Sequence[str], exercises: Sequence[catalog.Exercise] = ()) -> UnknownName:
    """The error for `grade NAME`: the closest command, exercise id or slug as a suggestion, if one is close."""
    if name in commands:  # `grade --root DIR list`: options before the command make it an exercise's name
        return UnknownName(f"{name!r} is a command: name it first (grade {name} --root DIR ...)")
    names = [*commands, *(e.id for e in exercises), *(e.slug for e in exercises)]
    close = difflib.get_close_matches(name.strip(), names, n=1)
    if close:
        return UnknownName(f"unknown command or exercise {name!r}; did you mean {close[0]!r}?")
    return UnknownName(
        f"unknown command or exercise {name!r} (grade --help lists the commands, grade list the exercises)"
    )


def resolve(exercises: Sequence[catalog.Exercise], name: str, *, commands: Sequence[str] = ()) -> catalog.Exercise:
    """`catalog.resolve`, suggesting the closest exercise id or slug for a near miss.

    `commands`: `name` could also have been one of these commands (`grade NAME`), so it may be suggested too.
    """
    try:
        return catalog.resolve(tuple(exercises), name)
    except catalog.UnknownExercise as exc:
        if commands:
            raise unknown_name(name, commands, exercises) from exc
        close = difflib.get_close_matches(name.strip(), [*(e.id for e in exercises), *(e.slug for e in exercises)], n=1)
        if close:
            raise catalog.UnknownExercise(f"unknown exercise {name!r}; did you mean {close[0]!r}?") from exc
        raise


def _lang(args: argparse.Namespace) -> str:
    try:
        return language.choose(getattr(args, "lang", None))
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def snapshot(root: Path, exercises: Sequence[catalog.Exercise]) -> None:
    """Keep pristine copies of the stubs not yet worked on, for `grade reset` (best effort)."""
    reset.snapshot(root, exercises)


def record(root: Path, result: GradingResult) -> None:
    """Save a grading of the working copy in the progress; a read-only workspace only costs a notice."""
    try:
        progress.record(root, result)
    except OSError as exc:
        print(f"grade: notice: progress not saved ({exc})", file=sys.stderr)


def first_paragraph(text: str) -> str:
    """The first paragraph of prose in a Markdown file: headings, code and blank lines skipped."""
    paragraph: list[str] = []
    fenced = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
            if paragraph:
                break
            continue
        if fenced or stripped.startswith("#"):
            if paragraph:
                break
            continue
        if not stripped:
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    joined = ""
    for line in paragraph:  # Chinese lines join without a space, others with one
        joined += line if not joined or _wide(joined[-1]) or _wide(line[0]) else f" {line}"
    return joined


def _wide(char: str) -> bool:
    return ord(char) >= 0x2E80


def cmd_list(args: argparse.Namespace) -> int:
    """`grade list`: progress by topic; `--json` keeps the catalogue contract and adds `status`."""
    root, exercises = _catalog(args, learning=not args.json)  # --json is for tools: it writes nothing
    saved = progress.load(root)
    if args.json:
        json_reporter.write(
            [{**exercise.to_dict(), "status": saved.status(exercise.id).value} for exercise in exercises], "-"
        )
        return EXIT_OK
    view.render_progress(exercises, saved, terminal.console_for())
    return EXIT_OK


def cmd_next(args: argparse.Namespace) -> int:
    root, exercises = _catalog(args)
    saved = progress.load(root)
    exercise = progress.first_unfinished(exercises, saved)
    paragraph = ""
    if exercise is not None:
        path = language.localized(exercise.folder, "instructions", _lang(args))
        paragraph = first_paragraph(path.read_text(encoding="utf-8")) if path.is_file() else ""
    stub = relative_path(exercise.stub) if exercise else ""
    status = saved.status(exercise.id) if exercise else progress.Status.DONE
    view.render_next(exercise, status, paragraph, stub, terminal.console_for())
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    _root, exercises = _catalog(args)
    exercise = resolve(exercises, args.exercise)
    path = language.localized(exercise.folder, "instructions", _lang(args))
    if not path.is_file():
        raise UsageError(f"{exercise.id} has no instructions ({path} is missing)")
    text = path.read_text(encoding="utf-8")
    console = terminal.console_for()
    if console.is_terminal:  # rendered for reading; a pipe or a file gets the Markdown itself
        console.print(Markdown(terminal.plain(text)), soft_wrap=False)  # wrapped at words, to the width
    else:
        view.render_text(text, console)
    return EXIT_OK


def cmd_hint(args: argparse.Namespace) -> int:
    root, exercises = _catalog(args)
    exercise = resolve(exercises, args.exercise)
    found = hints.load(exercise.folder, _lang(args), exercise.hints)
    if not found:
        raise UsageError(f"{exercise.id} has no hints")
    console = terminal.console_for()
    entry = progress.load(root).get(exercise.id)
    if args.number is not None:
        hint = hints.by_number(found, args.number)
        if hint is None:
            numbers = ", ".join(str(h.number) for h in found)
            raise UsageError(f"{exercise.id} has no hint {args.number} (it has {numbers})")
        remaining = sum(h.number not in entry.hints_shown and h.number != hint.number for h in found)
        choice = hints.Choice(hint, None, remaining)
    else:
        picked = hints.choose(found, entry.hints_shown, entry.kinds)
        if picked is None:
            console.print(i18n.t("hint.all_seen", n=len(found), exercise=exercise.id))
            return EXIT_OK
        choice = picked
    try:
        progress.note_hint(root, exercise.id, choice.hint.number)
    except OSError as exc:
        print(f"grade: notice: progress not saved ({exc})", file=sys.stderr)
    view.render_hint(exercise, choice, len(found), console)
    return EXIT_OK


def _confirm(question: str) -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError("not asking without a terminal: pass --yes to reset")
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def cmd_reset(args: argparse.Namespace) -> int:
    root, exercises = _catalog(args)
    exercise = resolve(exercises, args.exercise)
    try:
        stub = reset.pristine(root, exercise)
    except reset.NoStub as exc:
        raise UsageError(str(exc)) from exc
    target = relative_path(exercise.stub)
    if reset.is_pristine(exercise, stub):
        print(f"{target} is already the stub; nothing to do.")
        progress.forget(root, exercise.id)
        return EXIT_OK
    if not args.yes and not _confirm(f"Replace {target} with the stub (your version is backed up first)?"):
        print("Not reset.")
        return EXIT_OK
    backup = reset.restore(root, exercise, stub)
    print(
        f"Reset {target} to the stub (from {relative_path(Path(stub.source)) if stub.source != 'git HEAD' else stub.source})."
    )
    if backup is not None:
        print(f"Your version is in {relative_path(backup)}")
    return EXIT_OK


def _grade_and_show(
    root: Path, exercise: catalog.Exercise, lang: str
) -> tuple[watch.Grade, Callable[[GradingResult], None]]:
    console = terminal.console_for()
    stub = relative_path(exercise.stub)

    def grade(cancel: threading.Event, on_case: Callable[[CaseResult], None]) -> GradingResult:
        view.render_watch_start(exercise, stub, console)
        result = runner.grade(exercise, exercise.stub, on_case=on_case, cancel=cancel)
        record(root, result)
        return result

    def show(result: GradingResult) -> None:
        hints_file = language.localized(exercise.folder, "hints", lang)
        view.render_watch_start(exercise, stub, console)  # the whole report replaces the lines shown as tests ended
        terminal.render(
            result, console, hints=relative_path(hints_file) if hints_file.is_file() else None, watching=True
        )

    return grade, show


def cmd_watch(args: argparse.Namespace) -> int:
    root, exercises = _catalog(args)
    if args.exercise:
        exercise = resolve(exercises, args.exercise)
    else:
        found = progress.first_unfinished(exercises, progress.load(root))
        if found is None:
            print(i18n.t("watch.all_done"))
            return EXIT_OK
        exercise = found
    grade, show = _grade_and_show(root, exercise, _lang(args))
    console = terminal.console_for()

    def say(line: str) -> None:
        console.print(line, markup=False, highlight=False)

    fatal = (isolation.IsolationUnavailable,)
    loop = watch.Loop(exercise.stub, grade, show, say, fatal=fatal, show_case=watch.case_printer(console))
    interrupted = watch.run(loop, watch.ticks(exercise.stub), view.watching(exercise, relative_path(exercise.stub)))
    return EXIT_INTERRUPTED if interrupted else EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "watch": cmd_watch,
    "hint": cmd_hint,
    "next": cmd_next,
    "show": cmd_show,
    "reset": cmd_reset,
}
