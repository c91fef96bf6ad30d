"""Gradescope's autograder `results.json`: the total, the run time, and one entry per test with its points.

Field names follow Gradescope's autograder specification (`score`, `execution_time`, `output`, `tests[]` with
`name`, `score`, `max_score`, `status`, `output`, `visibility`). Every test is `visible`: the learner sees what
went wrong, not the hidden tests' code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from grader.reporters import views
from grader.reporters.junit import failure_text
from grader.results import GradingResult


def _output(result: GradingResult, index: int) -> str:
    case = result.tests[index]
    text = "" if case.passed else failure_text(result, case)
    if case.output:
        output, cut = views.truncated(case.output)
        captured = output + (f"\n[... {cut} more characters]" if cut else "")
        text = f"{text}\n\nCaptured output:\n{captured}" if text else f"Captured output:\n{captured}"
    return text


def to_dict(result: GradingResult) -> dict[str, Any]:
    status = "full marks" if result.full_marks else f"{len(result.failures)} of {len(result.tests)} tests not passed"
    return {
        "score": result.score,
        "execution_time": round(result.run.duration),
        "output": f"{result.exercise} {views.clean(result.title)}: {result.score:g} / {result.max_score:g} ({status})",
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [
            {
                "name": views.clean(views.short_name(case.name)),
                "number": str(i + 1),
                "score": case.score,
                "max_score": case.max_score,
                "status": "passed" if case.passed else "failed",
                "output": _output(result, i),
                "output_format": "text",
                "visibility": "visible",
                **({"tags": [case.diagnosis.kind]} if case.diagnosis and not case.passed else {}),
            }
            for i, case in enumerate(result.tests)
        ],
    }


def combine(results: Sequence[GradingResult]) -> dict[str, Any]:
    """One `results.json` for several exercises graded together (a submission repository): every test of every
    exercise, named with its exercise, and the sum of the scores."""
    parts = [to_dict(result) for result in results]
    tests = [
        {**test, "name": f"{result.exercise}: {test['name']}", "number": f"{i + 1}.{test['number']}"}
        for i, (result, part) in enumerate(zip(results, parts, strict=True))
        for test in part["tests"]
    ]
    return {
        "score": sum(part["score"] for part in parts),
        "execution_time": sum(part["execution_time"] for part in parts),
        "output": "\n".join(part["output"] for part in parts),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }
