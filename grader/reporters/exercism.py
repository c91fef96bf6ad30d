"""Exercism's test-runner `results.json`, version 3: an overall status and one entry per test, in order.

`status` is `error` only when no test ran (the run itself failed); a test that raised or timed out is `error`,
one that failed its check is `fail`. Per the spec, `output` is the learner's own printing, at most 500 characters,
and `task_id` (optional) is the number of the instructions' task the test checks: set only for a test marked
`@pytest.mark.task(taskno=N)`, as in Exercism's Python track; exercises without numbered tasks have none.
"""

from __future__ import annotations

from typing import Any

from grader.reporters import views
from grader.reporters.junit import failure_text
from grader.results import GradingResult
from grader.results import Outcome

VERSION = 3
OUTPUT_LIMIT = 500
TRUNCATED = "Output was truncated. Please limit to 500 chars"


def _output(text: str) -> str | None:
    if not text:
        return None
    value, cut = views.truncated(text, OUTPUT_LIMIT)
    if cut:
        value = value[: OUTPUT_LIMIT - len(TRUNCATED) - 1] + "\n" + TRUNCATED
    return value


def to_dict(result: GradingResult) -> dict[str, Any]:
    ran = [case for case in result.tests if "::" in case.name]
    if not ran:
        message = "\n".join(failure_text(result, case) for case in result.tests) or "No tests were run."
        return {"version": VERSION, "status": "error", "message": message, "tests": []}
    tests = []
    for case in ran:
        status = {Outcome.PASS: "pass", Outcome.FAIL: "fail"}.get(case.outcome, "error")
        entry: dict[str, Any] = {
            "name": views.clean(views.short_name(case.name)),
            "status": status,
            "message": None if case.passed else failure_text(result, case),
            "test_code": views.clean(case.name),
        }
        output = _output(case.output)
        if output is not None:
            entry["output"] = output
        if case.task is not None:
            entry["task_id"] = case.task
        tests.append(entry)
    return {"version": VERSION, "status": "pass" if result.full_marks else "fail", "message": None, "tests": tests}
