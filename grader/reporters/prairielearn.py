"""PrairieLearn's external-grading `results.json`: the score as a fraction, a message, the tests and images.

Fields follow PrairieLearn's external grading documentation: `gradable`, `score` in [0, 1], `message`,
`output`, `images` (`label`, `url`, here an SVG `data:` URI) and `tests` (`name`, `description`, `points`,
`max_points`, `message`, `output`). A submission that does not import is `gradable: false`, which PrairieLearn
shows as invalid without using up an attempt. The tests' points are Gradescope's (they add up to the score);
each root cause of failure gets its timeline and, for a deadlock, its wait-for graph as images.
"""

from __future__ import annotations

import base64
from typing import Any

from grader.reporters import gradescope
from grader.reporters import svg
from grader.reporters import views
from grader.reporters.imports import failed_import
from grader.reporters.junit import failure_text
from grader.results import GradingResult

UNIT = gradescope.UNIT
MAX_IMAGES = 6  # one timeline and one graph for each of the first root causes


def data_uri(drawing: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(drawing.encode("utf-8")).decode("ascii")


def images(result: GradingResult) -> list[dict[str, str]]:
    """A timeline and a wait-for graph for each root cause of failure that has them."""
    found: list[dict[str, str]] = []
    for index, cause in enumerate(views.causes(result)):
        diagnosis = cause.first.diagnosis
        if diagnosis is None:
            continue
        (name,) = views.case_names(result, [cause.first])
        line = views.timeline(diagnosis)
        if line is not None:
            drawing = svg.standalone(svg.timeline(line, f"pl-tl{index}"))
            found.append({"label": f"{name}: timeline of the failing schedule", "url": data_uri(drawing)})
        graph = views.wait_graph(diagnosis)
        if graph is not None:
            drawing = svg.standalone(svg.wait_for_graph(graph, f"pl-wf{index}"))
            found.append({"label": f"{name}: who holds and who waits for what", "url": data_uri(drawing)})
    return found[:MAX_IMAGES]


def _summary(result: GradingResult) -> str:
    if result.full_marks:
        status = "full marks"
    else:
        status = f"{len(result.failures)} of {len(result.tests)} tests not passed"
    return f"{result.exercise} {views.clean(result.title)}: {result.score:g} / {result.max_score:g} ({status})"


def _output(text: str) -> str:
    value, cut = views.truncated(text)
    return value + (f"\n[... {cut} more characters]" if cut else "")


def to_dict(result: GradingResult) -> dict[str, Any]:
    broken = failed_import(result)
    if broken is not None:
        return {"gradable": False, "message": f"{broken}\n\nFix this and submit again: this try was not counted."}
    points = gradescope.points(result)
    tests = []
    for case, name, (score, max_score) in zip(
        result.tests, views.case_names(result, result.tests), points, strict=True
    ):
        entry: dict[str, Any] = {
            "name": views.clean(name),
            "description": views.clean(views.short_name(case.name)),
            "points": score / UNIT,
            "max_points": max_score / UNIT,
        }
        if not case.passed:
            entry["message"] = failure_text(result, case)
        if case.output:
            entry["output"] = _output(case.output)
        tests.append(entry)
    fraction = result.score / result.max_score if result.max_score > 0 else (1.0 if result.full_marks else 0.0)
    return {
        "gradable": True,
        "score": min(max(fraction, 0.0), 1.0),
        "message": _summary(result),
        "output": "\n\n".join(f"{views.clean(case.name)}\n{failure_text(result, case)}" for case in result.failures),
        "images": images(result),
        "tests": tests,
    }
