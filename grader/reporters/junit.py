"""JUnit XML for CI dashboards: one `testsuite` per grading, one `testcase` per test.

Valid against the JUnit schema CI tools use (tests/resources/junit-10.xsd): every test that did not pass is a
`failure` whose `type` is the diagnosis kind (that schema has no `error` element), with the message, hint and
replay in its text. Each `testsuite` carries the `timestamp` (UTC, ISO 8601 without a zone, as Ant's JUnit
format has it) and the `hostname` of the rendering; `render` takes both, so that a golden file can fix them.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from xml.etree import ElementTree as ET

from grader import timing
from grader.reporters import views
from grader.results import CaseResult
from grader.results import GradingResult


def _seconds(value: float) -> str:
    return f"{max(value, 0.0):.3f}"


def _classname(case: CaseResult) -> str:
    path = case.name.partition("::")[0]
    return path.removesuffix(".py").replace("/", ".")


def _testname(case: CaseResult) -> str:
    return case.name.partition("::")[2] or case.name


def failure_text(result: GradingResult, case: CaseResult) -> str:
    """The message, hint and replay command of a failing test, as plain text."""
    diagnosis = case.diagnosis
    parts = [views.clean(diagnosis.message if diagnosis else case.message)]
    if diagnosis and diagnosis.hint and f"Hint: {diagnosis.hint}" not in diagnosis.message:
        parts.append(f"Hint: {views.clean(diagnosis.hint)}")
    command = views.replay_command(result, case)
    if command:
        parts.append(f"Replay: {command}")
    return "\n".join(parts)


def timestamp(seconds: float) -> str:
    """Seconds since the epoch as JUnit's `timestamp`: `2026-12-03T16:30:00` (UTC, whole seconds)."""
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _suite(result: GradingResult, stamp: str, host: str) -> ET.Element:
    failing = len(result.failures)
    suite = ET.Element(
        "testsuite",
        {
            "name": result.exercise,
            "tests": str(len(result.tests)),
            "failures": str(failing),
            "errors": "0",
            "skipped": "0",
            "time": _seconds(sum(case.duration for case in result.tests)),
            "timestamp": stamp,
            "hostname": host,
        },
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("slug", result.slug),
        ("title", result.title),
        ("submission", result.submission),
        ("seed", str(result.seed)),
        ("score", f"{result.score:g}"),
        ("max_score", f"{result.max_score:g}"),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": views.clean(value)})
    for case in result.tests:
        element = ET.SubElement(
            suite,
            "testcase",
            {
                "name": views.clean(_testname(case)),
                "classname": views.clean(_classname(case)),
                "time": _seconds(case.duration),
            },
        )
        if not case.passed:
            kind = case.diagnosis.kind if case.diagnosis else case.outcome.value
            failure = ET.SubElement(
                element,
                "failure",
                {"type": kind, "message": views.clean(case.message.splitlines()[0] if case.message else kind)},
            )
            failure.text = failure_text(result, case)
        if case.output:
            output, cut = views.truncated(case.output)
            ET.SubElement(element, "system-out").text = output + (f"\n[... {cut} more characters]" if cut else "")
    return suite


def render(results: Sequence[GradingResult], *, at: float | None = None, hostname: str | None = None) -> str:
    """A `testsuites` document for any number of gradings, stamped `at` (default: now) on `hostname` (default:
    this host's name)."""
    stamp = timestamp(timing.wall() if at is None else at)
    host = views.clean(socket.gethostname() if hostname is None else hostname) or "localhost"
    root = ET.Element(
        "testsuites",
        {
            "name": "grade",
            "tests": str(sum(len(r.tests) for r in results)),
            "failures": str(sum(len(r.failures) for r in results)),
            "errors": "0",
            "time": _seconds(sum(case.duration for r in results for case in r.tests)),
        },
    )
    root.extend(_suite(result, stamp, host) for result in results)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
