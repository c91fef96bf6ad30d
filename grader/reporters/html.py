"""The HTML reports: one self-contained page per learner, and the class page batch grading links them from.

Rendered from jinja2 templates with autoescape on; CSS, the step-through script and every plot are inline, so a
page opens offline and survives being mailed. A Content-Security-Policy lets only our own script run (by hash),
so even text that escaped escaping could not execute.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from grader.reporters import svg
from grader.reporters import views
from grader.results import CaseResult
from grader.results import GradingResult
from grader.results import Outcome

TEMPLATES = Path(__file__).parent / "templates"
STATUS = {
    Outcome.PASS: ("\u2714", "passed"),
    Outcome.FAIL: ("\u2718", "failed"),
    Outcome.ERROR: ("\u26a0", "error"),
    Outcome.TIMEOUT: ("\u23f1", "timed out"),
}
TOP_KINDS = 3
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class CaseView:
    case: CaseResult
    anchor: str
    name: str
    icon: str
    status: str
    timeline: views.Timeline | None
    graph: Markup | None
    graph_sentences: tuple[str, ...]
    graph_derived: bool
    replay: str | None
    output: str
    output_cut: int
    message: str
    summary: str  # the message without the numbered steps and hint that the page draws
    hint: str
    card: str  # the anchor of the card that shows this failure's cause ("" for a passed test)


@dataclass(frozen=True)
class CauseView:
    """One card: the first failure of a root cause in full, and the names of the other tests it fails."""

    first: CaseView
    others: tuple[CaseView, ...]
    names: tuple[str, ...]  # the other tests' names, short where that is unambiguous


@dataclass(frozen=True)
class ResultView:
    result: GradingResult
    anchor: str
    percent: float
    cases: tuple[CaseView, ...]
    failures: tuple[CaseView, ...]
    causes: tuple[CauseView, ...]
    source: tuple[views.SourceLine, ...]
    measured: bool
    missed: int
    capped: str | None = None


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["points"] = views.points
    env.filters["clean"] = views.clean
    return env


ENV = _environment()


def _asset(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _page(template: str, **context: object) -> str:
    script = _asset("stepper.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )
    return ENV.get_template(template).render(
        css=Markup(_asset("report.css")), script=Markup(script), csp=csp, **context
    )


def _case_view(result: GradingResult, case: CaseResult, index: int, prefix: str, card: str) -> CaseView:
    icon, status = STATUS[case.outcome]
    diagnosis = case.diagnosis
    timeline = views.timeline(diagnosis) if diagnosis else None
    graph = views.wait_graph(diagnosis) if diagnosis else None
    output, cut = views.truncated(case.output)
    message = views.clean(diagnosis.message if diagnosis else case.message)
    return CaseView(
        case=case,
        anchor=f"{prefix}-t{index}",
        name=views.clean(views.short_name(case.name)),
        icon=icon,
        status=status,
        timeline=timeline,
        graph=svg.wait_for_graph(graph, f"{prefix}-wf{index}") if graph else None,
        graph_sentences=graph.sentences if graph else (),
        graph_derived=graph.derived if graph else False,
        replay=views.replay_command(result, case),
        output=output,
        output_cut=cut,
        message=message,
        summary=views.summary(message) if timeline else message,
        hint=views.clean(diagnosis.hint or "") if diagnosis else "",
        card=card,
    )


def result_view(result: GradingResult, source: str | None, index: int = 0) -> ResultView:
    prefix = f"r{index}"
    groups = views.causes(result)
    position = {case.name: i for i, case in enumerate(result.tests)}
    cards = {case.name: f"{prefix}-t{position[cause.first.name]}" for cause in groups for case in cause.cases}
    cases = tuple(_case_view(result, case, i, prefix, cards.get(case.name, "")) for i, case in enumerate(result.tests))
    shown = {view.case.name: view for view in cases}
    causes = tuple(
        CauseView(
            first=shown[cause.first.name],
            others=tuple(shown[case.name] for case in cause.others),
            names=tuple(views.clean(name) for name in views.case_names(result, cause.others)),
        )
        for cause in groups
    )
    lines = views.source_lines(source, result.coverage) if source is not None else ()
    return ResultView(
        result=result,
        anchor=prefix,
        percent=views.percent(result.score, result.max_score),
        cases=cases,
        failures=tuple(view for view in cases if not view.case.passed),
        causes=causes,
        source=lines,
        measured=bool(result.coverage),
        missed=sum(1 for line in lines if line.state == "missed"),
        capped=views.cap_sentence(result),
    )


@dataclass(frozen=True)
class Missing:
    """An exercise of the class that a learner did not hand in: it counts as 0 of its points."""

    exercise: str
    title: str
    points: float


def class_exercises(
    gradings: Mapping[str, Sequence[GradingResult]], expected: Sequence[Missing] = ()
) -> dict[str, Missing]:
    """Every exercise of a class, with its title and points: the `expected` ones and any graded for someone."""
    found = {item.exercise: item for item in expected}
    for results in gradings.values():
        for result in results:
            if result.exercise not in found:
                found[result.exercise] = Missing(result.exercise, views.clean(result.title), result.max_score)
    return dict(sorted(found.items()))


def missing(results: Sequence[GradingResult], exercises: Mapping[str, Missing]) -> tuple[Missing, ...]:
    """The exercises of the class that `results` lack."""
    done = {result.exercise for result in results}
    return tuple(item for name, item in exercises.items() if name not in done)


def render_learner(
    results: Sequence[GradingResult],
    *,
    sources: Mapping[str, str] | None = None,
    learner: str | None = None,
    back: str | None = None,
    absent: Sequence[Missing] = (),
) -> str:
    """One learner's page: every grading in `results`, each with its timelines, graphs, replay and source.

    `sources` maps a result's `submission` to the file's text (the page shows it, with coverage when measured);
    `back` is a link to the class page; `absent` lists the class's exercises not handed in, which the page names
    and counts as 0 in the learner's total (shown on a class's learner pages, out of every exercise's points).
    """
    found = sources or {}
    shown = [result_view(result, found.get(result.submission), i) for i, result in enumerate(results)]
    if len(results) == 1:
        title = f"{results[0].exercise} {views.clean(results[0].title)}"
    else:
        title = f"{len(results)} exercises"
    return _page(
        "learner.html.j2",
        title=(f"{views.clean(learner)}: " if learner else "") + title,
        heading=f"Grading report for {views.clean(learner)}" if learner else "Grading report",
        learner=views.clean(learner) if learner else None,
        results=shown,
        back=back,
        absent=[Missing(item.exercise, views.clean(item.title), item.points) for item in absent],
        total=(
            (sum(r.score for r in results), sum(r.max_score for r in results) + sum(i.points for i in absent))
            if back is not None or absent
            else None
        ),
        handed_in=len({r.exercise for r in results}),
    )


def learner_file_name(learner: str) -> str:
    """The file name of a learner's page next to the class page: safe on every file system."""
    return "learner-" + (SAFE_NAME.sub("_", learner).strip("._") or "anonymous")[:80] + ".html"


@dataclass(frozen=True)
class ExerciseSummary:
    exercise: str
    title: str
    graded: int
    mean: float
    full: int
    kinds: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class LearnerSummary:
    name: str
    link: str
    score: float
    max_score: float
    percent: float
    exercises: int
    missing: int


def render_class(
    gradings: Mapping[str, Sequence[GradingResult]],
    *,
    links: Mapping[str, str] | None = None,
    title: str = "Class report",
    expected: Sequence[Missing] = (),
) -> str:
    """The class page: a learners x exercises heat map, the score histogram, frequent diagnoses per exercise.

    `gradings` maps each learner to their results (any number of exercises; a later result for the same exercise
    replaces an earlier one). `links` maps learners to their pages (default: `learner_file_name`). A learner's
    total is out of every exercise of the class (`class_exercises`: the `expected` ones and any graded for
    someone), an exercise not handed in counting as 0.
    """
    every = class_exercises(gradings, expected)
    latest: dict[str, dict[str, GradingResult]] = {}
    titles: dict[str, str] = {}
    for learner, results in gradings.items():
        for result in results:
            latest.setdefault(learner, {})[result.exercise] = result
            titles.setdefault(result.exercise, views.clean(result.title))
        latest.setdefault(learner, {})
    learners = sorted(latest, key=str.casefold)
    titles |= {name: item.title for name, item in every.items() if name not in titles}
    exercises = sorted(titles)
    hrefs = {learner: (links or {}).get(learner) or learner_file_name(learner) for learner in learners}
    cells = {
        (learner, exercise): (result.score, result.max_score)
        for learner, done in latest.items()
        for exercise, result in done.items()
    }
    people = []
    for learner in learners:
        done = latest[learner].values()
        lacking = missing(list(done), every)
        score = sum(r.score for r in done)
        max_score = sum(r.max_score for r in done) + sum(item.points for item in lacking)
        people.append(
            LearnerSummary(
                views.clean(learner),
                hrefs[learner],
                score,
                max_score,
                views.percent(score, max_score),
                len(done),
                len(lacking),
            )
        )
    summaries = []
    for exercise in exercises:
        results = [latest[learner][exercise] for learner in learners if exercise in latest[learner]]
        kinds: Counter[str] = Counter()
        for result in results:
            kinds.update({case.diagnosis.kind for case in result.failures if case.diagnosis})
        summaries.append(
            ExerciseSummary(
                exercise=exercise,
                title=titles[exercise],
                graded=len(results),
                mean=sum(views.percent(r.score, r.max_score) for r in results) / len(results) if results else 0.0,
                full=sum(1 for r in results if r.full_marks),
                kinds=tuple(kinds.most_common(TOP_KINDS)),
            )
        )
    clean_learners = [views.clean(learner) for learner in learners]
    clean_cells = {(views.clean(learner), exercise): value for (learner, exercise), value in cells.items()}
    clean_links = {views.clean(learner): href for learner, href in hrefs.items()}
    return _page(
        "class.html.j2",
        title=views.clean(title),
        learners=people,
        exercises=summaries,
        heat=svg.heat_map(clean_learners, exercises, clean_cells, clean_links),
        hist=svg.histogram([person.percent for person in people if person.exercises]),
    )


def write(text: str, destination: Path) -> None:
    destination.write_text(text, encoding="utf-8", errors="replace")
