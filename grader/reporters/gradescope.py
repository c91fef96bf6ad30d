"""Gradescope's autograder `results.json`: the total, the run time, and one entry per test with its points.

Field names follow Gradescope's autograder specification (`score`, `execution_time`, `output`, `tests[]` with
`name`, `score`, `max_score`, `status`, `output`, `visibility`). Every test is `visible`: the learner sees what
went wrong, not the hidden tests' code.

Gradescope shows the per-test points beside the total, so they must add up to it exactly: each test's share
rounded on its own would not (three tests of 10 points are 3.33 each, 9.99 in all). The points are shared out
in whole hundredths by the largest-remainder method, twice: the exercise's points over the tests by weight,
then the total score over the passing tests by the points each can earn. The total is the grading's own (its
caps included), never recomputed here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from grader import scoring
from grader.reporters import views
from grader.reporters.junit import failure_text
from grader.results import GradingResult

UNIT: int = 10**scoring.PLACES  # hundredths: the finest points Gradescope is given


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """`total` units shared in proportion to `weights` (largest remainder; ties to the earlier entry)."""
    if not weights:
        return []
    whole = sum(weights)
    exact = [total * w / whole for w in weights] if whole > 0 else [total / len(weights)] * len(weights)
    parts = [math.floor(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _units(value: float) -> int:
    return round(value * UNIT)


def points(result: GradingResult) -> list[tuple[int, int]]:
    """Each test's (score, max_score) in hundredths: the scores add up to the total, the maxima to the points."""
    tests = result.tests
    exact = scoring.share(result.max_score, [max(case.weight, 0.0) for case in tests])
    full, score = _units(result.max_score), min(_units(result.score), _units(result.max_score))
    passing = [i for i, case in enumerate(tests) if case.passed]
    failing = [i for i, case in enumerate(tests) if not case.passed]
    earnable = min(full, max(score, _units(sum(exact[i] for i in passing))))
    if not failing:
        earnable = full
    maxima = [0] * len(tests)
    for group, units in ((passing, earnable), (failing, full - earnable)):
        for i, part in zip(group, apportion(units, [exact[i] for i in group]), strict=True):
            maxima[i] = part
    scores = [0] * len(tests)
    if passing:
        for i, part in zip(passing, apportion(score, [float(maxima[i]) for i in passing]), strict=True):
            scores[i] = part
    return list(zip(scores, maxima, strict=True))


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
    shares = points(result)
    capped = views.cap_sentence(result)
    return {
        "score": result.score,
        "execution_time": round(result.run.duration),
        "output": f"{result.exercise} {views.clean(result.title)}: {result.score:g} / {result.max_score:g} ({status})"
        + (f"\n{capped}" if capped else ""),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [
            {
                "name": views.clean(views.short_name(case.name)),
                "number": str(i + 1),
                "score": score / UNIT,
                "max_score": max_score / UNIT,
                "status": "passed" if case.passed else "failed",
                "output": _output(result, i),
                "output_format": "text",
                "visibility": "visible",
                **({"tags": [case.diagnosis.kind]} if case.diagnosis and not case.passed else {}),
            }
            for i, (case, (score, max_score)) in enumerate(zip(result.tests, shares, strict=True))
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
        "score": sum(_units(part["score"]) for part in parts) / UNIT,
        "execution_time": sum(part["execution_time"] for part in parts),
        "output": "\n".join(part["output"] for part in parts),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }
