"""Whether a grading stopped at importing the submission, and the error to show when it did.

A submission that does not import (a syntax error, a missing module) runs no test: every test module fails at
`import`, so every test ends as `import_error`, or none was collected at all. Exercism calls that an `error` with
a top-level message, PrairieLearn an ungradable submission; both show the error itself, not pytest's traceback
through its own import machinery.
"""

from __future__ import annotations

from grader.reporters import views
from grader.results import GradingResult

NO_TESTS = "No tests were run."


def _error_lines(message: str) -> str:
    """The `E   ` lines pytest prints for the exception (Python's own error, file and caret), else the message."""
    lines = [line[1:].removeprefix("   ") for line in message.splitlines() if line.startswith("E ")]
    text = "\n".join(lines).strip("\n")
    return text or message


def failed_import(result: GradingResult) -> str | None:
    """The error that stopped the submission from importing, or None when at least one test really ran."""
    ran = [case for case in result.tests if "::" in case.name]
    if ran and not all(case.diagnosis is not None and case.diagnosis.kind == "import_error" for case in ran):
        return None
    causes = [case for case in result.tests if case.diagnosis is not None and case.diagnosis.kind == "import_error"]
    if not causes:
        causes = list(result.tests)
    if not causes:
        return NO_TESTS
    first = causes[0]
    message = first.diagnosis.message if first.diagnosis else first.message
    headline, _, rest = message.partition("\n")
    detail = _error_lines(rest) if rest else ""
    return views.clean(f"{headline}\n{detail}" if detail else headline) or NO_TESTS
