"""Exercism's test-runner `results.json`, version 3: an overall status and one entry per test, in order.

As the spec has it, `status` is `error`, with a top-level `message` and no tests, when no test ran: a
submission that does not import (a syntax error) runs none, even though each test shows as an import error. A
test that raised or timed out is `error`, one that failed its check is `fail`. `test_code` is the test
function's source, decorators included, when the exercise's tests are at hand (`read_test_code()` reads them); a
hidden test's code is never shown, so it gets a comment saying so. `output` is the learner's own printing, at
most 500 characters, and `task_id` (optional) is the number of the instructions' task the test checks: set only
for a test marked `@pytest.mark.task(taskno=N)`, as in Exercism's Python track.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from grader.reporters import views
from grader.reporters.imports import failed_import
from grader.reporters.junit import failure_text
from grader.results import GradingResult
from grader.results import Outcome

VERSION = 3
OUTPUT_LIMIT = 500
MESSAGE_LIMIT = 65535
TRUNCATED = "Output was truncated. Please limit to 500 chars"
HIDDEN = "tests/hidden/"


def _output(text: str) -> str | None:
    if not text:
        return None
    value, cut = views.truncated(text, OUTPUT_LIMIT)
    if cut:
        value = value[: OUTPUT_LIMIT - len(TRUNCATED) - 1] + "\n" + TRUNCATED
    return value


def _definitions(tree: ast.Module) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    """Test functions by their pytest name: `test_x`, or `TestClass::test_x` for a method."""
    found: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef):
                    found[f"{node.name}::{member.name}"] = member
    return found


def read_test_code(folder: Path, names: Iterable[str]) -> dict[str, str]:
    """The source of each visible test named by a node id (`tests/visible/test_x.py::test_y[param]`), read from
    the exercise `folder`; tests whose file or function cannot be found are left out."""
    code: dict[str, str] = {}
    trees: dict[str, tuple[list[str], dict[str, ast.FunctionDef | ast.AsyncFunctionDef]] | None] = {}
    for name in names:
        path, _, function = name.partition("::")
        if not function or path.startswith(HIDDEN) or ".." in Path(path).parts:
            continue
        if path not in trees:
            try:
                text = (folder / path).read_text(encoding="utf-8")
                trees[path] = (text.splitlines(), _definitions(ast.parse(text)))
            except (OSError, SyntaxError, ValueError):
                trees[path] = None
        parsed = trees[path]
        node = parsed[1].get(function.partition("[")[0]) if parsed else None
        if parsed and node is not None and node.end_lineno is not None:
            first = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
            lines = parsed[0][first - 1 : node.end_lineno]
            indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
            code[name] = "\n".join(line[indent:] for line in lines)
    return code


def _test_code(name: str, code: Mapping[str, str]) -> str:
    if name in code:
        return views.clean(code[name])
    if name.startswith(HIDDEN):
        return f"# A hidden test: its code is not shown.\n# {views.clean(name)}"
    return views.clean(name)  # the tests are not at hand (a saved result re-rendered elsewhere): the node id


def to_dict(result: GradingResult, code: Mapping[str, str] | None = None) -> dict[str, Any]:
    """`code` maps node ids to test sources (`read_test_code()`); without it, `test_code` is the node id."""
    broken = failed_import(result)
    if broken is not None:
        return {"version": VERSION, "status": "error", "message": broken[:MESSAGE_LIMIT], "tests": []}
    tests = []
    for case in (case for case in result.tests if "::" in case.name):
        status = {Outcome.PASS: "pass", Outcome.FAIL: "fail"}.get(case.outcome, "error")
        entry: dict[str, Any] = {
            "name": views.clean(views.short_name(case.name)),
            "status": status,
            "message": None if case.passed else failure_text(result, case),
            "test_code": _test_code(case.name, code or {}),
        }
        output = _output(case.output)
        if output is not None:
            entry["output"] = output
        if case.task is not None:
            entry["task_id"] = case.task
        tests.append(entry)
    return {"version": VERSION, "status": "pass" if result.full_marks else "fail", "message": None, "tests": tests}
