"""The `grade` command line: parses arguments and dispatches, nothing else.

Exit codes: 0 full marks (or everything verified), 1 graded but not full marks (or a verify check failed),
2 usage error, 3 the grader itself failed, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import difflib
import os
import platform
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from grader import catalog
from grader import ci
from grader import i18n
from grader import isolation
from grader import prairielearn
from grader import provenance
from grader import release
from grader import replay as replaying
from grader import runner
from grader import verify
from grader.batch import run as batch_run
from grader.errors import UsageError
from grader.learner import commands as learner
from grader.learner import lang as language
from grader.reporters import json as json_reporter
from grader.reporters import outputs
from grader.reporters import terminal
from grader.results import GradingResult

EXIT_OK = 0
EXIT_NOT_FULL = 1
EXIT_USAGE = 2
EXIT_GRADER_FAILED = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
# In the order `grade --help` lists them: the learner loop, then checking and re-rendering, then a class.
COMMANDS = (
    "list",
    "next",
    "watch",
    "hint",
    "show",
    "reset",
    "verify",
    "replay",
    "report",
    "batch",
    "release",
    "ci",
    "prairielearn",
)


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are `UsageError`s, so that exit code 2 has a single source.

    `main` prints the message once, as `grade: error: MESSAGE`, then this parser's usage line.
    """

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _add_isolation(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--isolation",
        choices=isolation.MODES,
        help=f"Sandbox layers: auto (what works here), full (bubblewrap and cgroups, or fail), fallback "
        f"(rlimits only); default ${isolation.MODE_ENV} or auto",
    )


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root", help=f"Folder holding exercises/ and solutions/ (default: ${catalog.ROOT_ENV} or the checkout)"
    )


def _nonnegative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _add_outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--html", metavar="FILE", type=Path, help="Also write a self-contained HTML report to FILE")
    parser.add_argument("--junit", metavar="FILE", type=Path, help="Also write JUnit XML to FILE")
    parser.add_argument("--gradescope", metavar="FILE", type=Path, help="Also write Gradescope results.json to FILE")
    parser.add_argument("--exercism", metavar="FILE", type=Path, help="Also write Exercism v3 results.json to FILE")
    parser.add_argument("--csv", metavar="FILE", type=Path, help="Also write a gradebook CSV (Canvas, Moodle) to FILE")
    parser.add_argument("--learner", help="Learner name for the CSV row and the HTML title (default: your login)")


def _requested(args: argparse.Namespace) -> outputs.Requested:
    return outputs.Requested(
        html=args.html, junit=args.junit, gradescope=args.gradescope, exercism=args.exercism, csv=args.csv
    )


def version() -> str:
    """What `grade --version` prints: the grader's version and the interpreter's."""
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return f"grade ({provenance.PACKAGE}) {provenance.grader_version()}, {python}"


def build_top(parsers: dict[str, argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """`grade` alone: `--help` lists every command with its summary (its parser's description), `--version`."""
    labels = {"grade": "EXERCISE"} | {name: name for name in COMMANDS}
    width = max(len(label) for label in labels.values())
    lines = [f"  {label:<{width}}  {parsers[name].description}" for name, label in labels.items()]
    top = Parser(
        prog="grade",
        usage="%(prog)s [-h] [--version] EXERCISE|COMMAND [ARGS ...]",
        description="Grade Python concurrency kata submissions.\n\ncommands:\n" + "\n".join(lines),
        epilog="grade COMMAND --help shows a command's arguments.\nExit codes: 0 full marks, 1 graded but not "
        "full marks, 2 usage error, 3 the grader itself failed, 130 interrupted.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=version(), help="Show the grader's version and exit")
    return top


def build_parsers() -> dict[str, argparse.ArgumentParser]:
    grade = Parser(
        prog="grade",
        description="Grade an exercise: your working copy, or the file --submission names",
        epilog="Other commands: grade --help",
    )
    grade.add_argument("exercise", metavar="EXERCISE", help="Exercise to grade: exercise-04, 04, 4 or its slug")
    grade.add_argument("--submission", type=Path, help="File to grade (default: your working copy in exercises/)")
    grade.add_argument("--seed", type=_nonnegative, default=0, help="Seed of the explored schedules (default 0)")
    grade.add_argument("--json", metavar="FILE", help="Also write the result as JSON to FILE (- for stdout only)")
    grade.add_argument(
        "--lang",
        choices=language.LANGUAGES,
        help="Language of the report (default: from LC_ALL/LC_MESSAGES/LANG, else en)",
    )
    _add_outputs(grade)
    _add_isolation(grade)
    _add_root(grade)

    listing = Parser(prog="grade list", description="List the exercises by topic, with your progress")
    listing.add_argument("--json", action="store_true", help="Print the catalogue as JSON")
    _add_root(listing)

    check = Parser(prog="grade verify", description="Check that every exercise tells right submissions from wrong")
    check.add_argument("exercises", nargs="*", help="Exercises to verify (default: all)")
    check.add_argument("--runs", type=_positive, default=1, help="Gradings per submission, seeds 0..N-1 (default 1)")
    check.add_argument("--json", metavar="FILE", help="Also write the rows as JSON to FILE (- for stdout only)")
    _add_isolation(check)
    _add_root(check)

    replay = Parser(
        prog="grade replay",
        description="Re-run a saved result's failing tests with their schedules, scored against the whole exercise",
    )
    replay.add_argument("file", type=Path, help="A result saved with grade EXERCISE --json FILE")
    replay.add_argument("--submission", type=Path, help="File to grade (default: the one recorded in FILE)")
    replay.add_argument(
        replaying.OVERRIDE,
        dest="allow_other_python",
        action="store_true",
        help="Replay a result made on another Python version or implementation (its schedules may not reproduce)",
    )
    replay.add_argument("--json", metavar="FILE", help="Also write the new result as JSON to FILE (- for stdout only)")
    _add_outputs(replay)
    _add_isolation(replay)
    _add_root(replay)

    report = Parser(prog="grade report", description="Re-render saved results in other formats, without regrading")
    report.add_argument("files", nargs="+", type=Path, help="Results saved with --json")
    report.add_argument(
        "--class",
        dest="class_view",
        action="store_true",
        help="A class: each file's folder names its learner; --html writes the class page and a page per learner",
    )
    _add_outputs(report)
    return {
        "grade": grade,
        "list": listing,
        "verify": check,
        "replay": replay,
        "report": report,
        **_class_parsers(),
        **learner.build_parsers(Parser, _add_root, _add_isolation),
    }


def _class_parsers() -> dict[str, argparse.ArgumentParser]:
    batch = Parser(prog="grade batch", description="Grade a whole class into a gradebook that survives crashes")
    batch.add_argument("submissions", type=Path, help="A folder with one folder per learner, or a zip of them")
    batch.add_argument("--out", type=Path, required=True, help="Folder for gradebook.sqlite, index.html, grades.csv")
    batch.add_argument("--exercises", nargs="+", default=[], help="Exercises to grade (default: every one found)")
    batch.add_argument(
        "--workers", type=_positive, default=os.cpu_count() or 1, help="Gradings at once (default: CPUs)"
    )
    batch.add_argument("--dask", metavar="ADDRESS", help="Run the gradings on a Dask cluster (tcp://host:8786)")
    batch.add_argument("--retries", type=_nonnegative, default=2, help="Retries of a failed Dask task (default 2)")
    batch.add_argument("--roster", type=Path, help="CSV with columns folder, name, id")
    batch.add_argument("--seed", type=_nonnegative, default=0, help="Seed of the explored schedules (default 0)")
    batch.add_argument("--gradescope", action="store_true", help="Also write Gradescope JSON per learner and exercise")
    batch.add_argument("--exercism", action="store_true", help="Also write Exercism JSON per learner and exercise")
    _add_isolation(batch)
    _add_root(batch)

    handout = Parser(prog="grade release", description="Write the learner handout: no hidden tests, no solutions")
    handout.add_argument("--out", type=Path, required=True, help="Empty folder for the handout")
    handout.add_argument("--exercises", nargs="+", default=[], help="Exercises to hand out (default: all)")
    handout.add_argument("--requirement", help="How the handout depends on the grader (default: this version)")
    handout.add_argument("--min-score", type=float, default=100.0, help="Pass mark of the CI workflow, in percent")
    _add_root(handout)

    ci = Parser(prog="grade ci", description="Grade a submission repository in CI; exit 1 below --min-score")
    ci.add_argument("--submissions", type=Path, default=Path("."), help="The repository (default: .)")
    ci.add_argument("--exercises", nargs="+", default=[], help="Exercises to grade (default: every one present)")
    ci.add_argument("--min-score", type=float, default=100.0, help="Pass mark in percent of the total (default 100)")
    ci.add_argument("--seed", type=_nonnegative, default=0, help="Seed of the explored schedules (default 0)")
    ci.add_argument("--workers", type=_positive, default=1, help="Gradings at once (default 1)")
    ci.add_argument("--junit", metavar="FILE", type=Path, help="Write JUnit XML to FILE")
    ci.add_argument("--gradescope", metavar="FILE", type=Path, help="Write Gradescope results.json to FILE")
    ci.add_argument("--summary", metavar="FILE", type=Path, help="Append the Markdown summary to FILE")
    _add_isolation(ci)
    _add_root(ci)
    learning = Parser(
        prog="grade prairielearn", description="Grade a PrairieLearn external-grading job into its results.json"
    )
    learning.add_argument(
        "exercise", metavar="EXERCISE", help="Exercise the question grades: exercise-04, 04, 4 or its slug"
    )
    learning.add_argument(
        "--student",
        type=Path,
        default=prairielearn.STUDENT,
        help=f"The learner's files (default: {prairielearn.STUDENT})",
    )
    learning.add_argument(
        "--results", type=Path, default=prairielearn.RESULTS, help=f"Where to write (default: {prairielearn.RESULTS})"
    )
    learning.add_argument("--seed", type=_nonnegative, default=0, help="Seed of the explored schedules (default 0)")
    _add_isolation(learning)
    _add_root(learning)
    return {"batch": batch, "release": handout, "ci": ci, "prairielearn": learning}


def _catalog(root: str | None) -> tuple[Path, tuple[catalog.Exercise, ...]]:
    found = catalog.find_root(root)
    return found, catalog.load_catalog(found)


def cmd_list(args: argparse.Namespace) -> int:
    return learner.cmd_list(args)  # the catalogue with the learner's progress, grouped by topic


def _report(result: GradingResult, exercise: catalog.Exercise, json_path: str | None) -> int:
    if json_path:
        json_reporter.write_result(result, json_path)
    if json_path != "-":
        hints = language.localized(exercise.folder, "hints", i18n.language())
        terminal.render(
            result,
            terminal.console_for(),
            hints=learner.relative_path(hints) if hints.is_file() else None,
            json_path=json_path,
        )
    return EXIT_OK if result.full_marks else EXIT_NOT_FULL


def cmd_grade(args: argparse.Namespace) -> int:
    root, exercises = _catalog(args.root)
    exercise = learner.resolve(exercises, args.exercise, commands=COMMANDS)
    submission = args.submission or exercise.stub
    if not submission.is_file():
        raise UsageError(f"submission file not found: {submission}")
    if args.submission is None:
        learner.snapshot(root, exercises)
    result = runner.grade(exercise, submission, seed=args.seed)
    if args.submission is None:  # the working copy: the learner's progress
        learner.record(root, result)
    outputs.write([result], _requested(args), learner=args.learner, folders={exercise.id: exercise.folder})
    return _report(result, exercise, args.json)


def cmd_verify(args: argparse.Namespace) -> int:
    root, exercises = _catalog(args.root)
    chosen = [learner.resolve(exercises, name) for name in args.exercises] if args.exercises else list(exercises)
    rows = verify.verify(chosen, root, runs=args.runs)
    if args.json:
        json_reporter.write([row.to_dict() for row in rows], args.json)
    if args.json != "-":
        table = [[r.exercise, r.submission, r.expected, r.got, f"{r.runs_ok}/{r.runs}", r.verdict] for r in rows]
        columns = ["exercise", "submission", "expected", "got", "runs ok", "verdict"]
        terminal.render_rows("grade verify", columns, table, terminal.console_for())
        if not rows:
            terminal.console_for().print("No exercises to verify.")
    return EXIT_OK if verify.all_ok(rows) else EXIT_NOT_FULL


def cmd_replay(args: argparse.Namespace) -> int:
    saved = _load(args.file)
    _root, exercises = _catalog(args.root)
    exercise = catalog.resolve(exercises, saved.exercise)
    submission = args.submission or (Path(saved.submission) if saved.submission else None)
    if submission is None or not submission.is_file():
        raise UsageError(f"submission file not found: {submission} (pass --submission)")
    if not saved.failures:
        terminal.console_for().print("Nothing to replay: the saved result has no failing tests.")
        return EXIT_OK
    try:
        plan = replaying.plan(saved, allow_other_python=args.allow_other_python)
    except UsageError as exc:
        raise UsageError(f"{args.file}: {exc}") from exc
    notes = terminal.console_for(sys.stderr)
    for warning in plan.warnings:
        notes.print(f"grade replay: warning: {warning}", markup=False, highlight=False)
    notes.print(replaying.announce(plan, saved.seed), markup=False, highlight=False)
    # The whole exercise, never a selection: a score out of the failing tests alone would be full marks as soon
    # as they pass, whatever the others do.
    result = runner.grade(exercise, submission, seed=saved.seed, replay=plan.replays or None)
    outputs.write([result], _requested(args), learner=args.learner, folders={exercise.id: exercise.folder})
    code = _report(result, exercise, args.json)
    for line in replaying.outcome(plan, result):
        notes.print(line, markup=False, highlight=False)
    return code


def _load(path: Path) -> GradingResult:
    if not path.is_file():
        raise UsageError(f"result file not found: {path}")
    try:
        return json_reporter.read_result(path)
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path}: not a grading result ({exc})") from exc


def cmd_report(args: argparse.Namespace) -> int:
    requested = _requested(args)
    if not requested.any():
        raise UsageError("nothing to write: pass --html, --junit, --gradescope, --exercism or --csv")
    results = [(path, _load(path)) for path in args.files]
    if args.class_view:
        gradings: dict[str, list[GradingResult]] = {}
        for path, result in results:
            gradings.setdefault(path.resolve().parent.name, []).append(result)
        outputs.write_class(gradings, requested)
    else:
        outputs.write([result for _, result in results], requested, learner=args.learner)
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    options = batch_run.Options(
        submissions=args.submissions,
        out=args.out,
        root=catalog.find_root(args.root),
        exercises=args.exercises,
        workers=args.workers,
        dask=args.dask,
        retries=args.retries,
        roster=args.roster,
        seed=args.seed,
        isolation=args.isolation,
        gradescope=args.gradescope,
        exercism=args.exercism,
    )
    console = terminal.console_for(sys.stderr)
    summary = batch_run.run(options, console)
    for label, why in summary.failed:
        console.print(f"not graded (rerun to retry): {label}: {why}", markup=False)
    print(summary.line())
    return EXIT_GRADER_FAILED if summary.failed else EXIT_OK


def cmd_release(args: argparse.Namespace) -> int:
    _root, exercises = _catalog(args.root)
    chosen = [learner.resolve(exercises, name) for name in args.exercises] if args.exercises else list(exercises)
    written = release.release(chosen, args.out, requirement=args.requirement, min_score=args.min_score)
    print(f"Handout of {len(chosen)} exercises, {len(written)} files, in {args.out}")
    return EXIT_OK


def cmd_ci(args: argparse.Namespace) -> int:
    options = ci.Options(
        submissions=args.submissions,
        root=catalog.find_root(args.root),
        exercises=args.exercises,
        min_score=args.min_score,
        seed=args.seed,
        workers=args.workers,
        isolation=args.isolation,
        junit=args.junit,
        gradescope=args.gradescope,
        summary=args.summary,
    )
    outcome = ci.run(options)
    print(outcome.summary, end="")
    if outcome.failed:
        return EXIT_GRADER_FAILED
    return EXIT_OK if outcome.passed else EXIT_NOT_FULL


HANDLERS = {"grade": cmd_grade, "list": cmd_list, "verify": cmd_verify, "replay": cmd_replay, "report": cmd_report}


def cmd_prairielearn(args: argparse.Namespace) -> int:
    options = prairielearn.Options(
        exercise=args.exercise,
        root=catalog.find_root(args.root),
        student=args.student,
        results=args.results,
        seed=args.seed,
    )
    result = prairielearn.run(options)
    return EXIT_OK if result is not None and result.full_marks else EXIT_NOT_FULL


HANDLERS.update({"batch": cmd_batch, "release": cmd_release, "ci": cmd_ci, "prairielearn": cmd_prairielearn})
HANDLERS.update(learner.HANDLERS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code; unexpected exceptions are a grader failure (3)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parsers = build_parsers()
    parser = build_top(parsers)  # whose usage line follows an error until a command is chosen
    try:
        if not arguments or arguments[0] in ("-h", "--help", "--version"):
            try:
                parser.parse_args(arguments[:1])
            except SystemExit as exc:  # --help and --version exit through argparse
                return int(exc.code or 0)
            raise UsageError("name an exercise or a command (grade --help lists them)")
        command = arguments[0] if arguments[0] in COMMANDS else "grade"
        if command != "grade":
            arguments = arguments[1:]
        parser = parsers[command]
        try:
            args = parser.parse_args(arguments)
        except SystemExit as exc:  # a command's --help
            return int(exc.code or 0)
        except UsageError:
            # `grade lsit --json`: the arguments only fail because the command's name is mistyped
            if command == "grade" and difflib.get_close_matches(arguments[0], COMMANDS, n=1):
                raise learner.unknown_name(arguments[0], COMMANDS) from None
            raise
        isolation.set_default(getattr(args, "isolation", None))
        i18n.set_language(language.choose(getattr(args, "lang", None)))
        return HANDLERS[command](args)
    except isolation.IsolationUnavailable as exc:
        print(f"grade: error: {exc}", file=sys.stderr)
        return EXIT_GRADER_FAILED
    except UsageError as exc:
        print(f"grade: error: {exc}", file=sys.stderr)
        if isinstance(exc, learner.UnknownName):  # neither a command nor an exercise: grade's own usage
            parser = build_top(parsers)
        print(parser.format_usage(), end="", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("grade: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        print(f"grade: internal error: the grader itself failed ({type(exc).__name__}: {exc})", file=sys.stderr)
        return EXIT_GRADER_FAILED
    finally:
        isolation.set_default(None)
        i18n.set_language(i18n.DEFAULT)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
