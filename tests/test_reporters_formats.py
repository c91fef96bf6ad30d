from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from grader.reporters import csv as csv_reporter
from grader.reporters import exercism
from grader.reporters import gradescope
from grader.reporters import junit
from grader.reporters.json import read_result
from grader.results import CaseResult
from grader.results import Diagnosis
from grader.results import GradingResult
from grader.results import Outcome

RESOURCES = Path(__file__).parent / "resources"
RESULTS = RESOURCES / "results"
SCHEMA = Path(__file__).parent.parent / "docs" / "results.schema.json"
NAMES = ("lost_update", "deadlock", "pipeline")


def load(name: str) -> GradingResult:
    return read_result(RESULTS / f"{name}.json")


def hostile() -> GradingResult:
    """Learner-controlled text at its worst: markup, escape codes, lone surrogates, NULs, a flood of output."""
    nasty = "<script>document.title='PWNED'</script>\x1b[31mred\x1b[0m \udcff\x00 ]]> & =1+1"
    return GradingResult(
        exercise="exercise-01",
        slug="bank-balance",
        title="Bank <b>balance</b>",
        submission="bank.py",
        seed=3,
        score=0.0,
        max_score=10.0,
        tests=(
            CaseResult(
                "tests/visible/test_x.py::test_<img>",
                Outcome.FAIL,
                1.0,
                0.0,
                10.0,
                nasty,
                Diagnosis(
                    "lost_update",
                    nasty,
                    nasty,
                    ({"step": 1, "thread": "<b>T</b>", "line": 3, "source": nasty, "event": "write", "detail": nasty},),
                    {"seed": 3, "strategy": "random", "decisions": [0, 1]},
                ),
                0.5,
                nasty * 500,
            ),
        ),
    )


@pytest.fixture(scope="module")
def junit_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(RESOURCES / "junit-10.xsd"))


@pytest.mark.parametrize("name", NAMES)
def test_saved_results_match_our_json_schema(name: str) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads((RESULTS / f"{name}.json").read_text()), schema)
    jsonschema.validate(load(name).to_dict(), schema)


def test_hostile_result_matches_our_json_schema() -> None:
    jsonschema.validate(hostile().to_dict(), json.loads(SCHEMA.read_text()))


def test_junit_validates_against_the_ci_schema(junit_schema: xmlschema.XMLSchema) -> None:
    text = junit.render([load(name) for name in NAMES] + [hostile()])
    junit_schema.validate(text)
    assert 'failures="' in text
    assert "<script>" not in text  # escaped as &lt;script&gt;
    assert "\x1b" not in text and "\x00" not in text


def test_junit_failure_carries_kind_hint_and_replay(junit_schema: xmlschema.XMLSchema) -> None:
    text = junit.render([load("deadlock")])
    junit_schema.validate(text)
    assert '<failure type="deadlock"' in text
    assert "Replay: grade exercise-02 --seed 0 --submission deadlock.py" in text


def test_junit_testsuite_has_timestamp_and_hostname(junit_schema: xmlschema.XMLSchema) -> None:
    import re
    import socket
    from xml.etree import ElementTree as ET

    stamped = junit.render([load("deadlock"), load("pipeline")], at=0.0, hostname="ci-<1>")
    junit_schema.validate(stamped)
    suites = ET.fromstring(stamped).findall("testsuite")
    assert [s.get("timestamp") for s in suites] == ["1970-01-01T00:00:00"] * 2
    assert [s.get("hostname") for s in suites] == ["ci-<1>"] * 2
    now = ET.fromstring(junit.render([load("deadlock")])).find("testsuite")
    assert now is not None and now.get("hostname") == socket.gethostname()
    # Ant's JUnit format (Jenkins' junit.xsd) has the timestamp as an ISO 8601 date and time without a zone
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", now.get("timestamp", ""))


def test_gradescope_fields() -> None:
    data = gradescope.to_dict(load("lost_update"))
    assert {"score", "execution_time", "output", "tests"} <= data.keys()
    assert data["score"] == load("lost_update").score
    for test in data["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= test.keys()
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] == "visible"
    failed = [t for t in data["tests"] if t["status"] == "failed"]
    assert failed and all(t["score"] == 0 and "LOST UPDATE" in t["output"] for t in failed)
    assert sum(t["max_score"] for t in data["tests"]) == pytest.approx(10, abs=0.05)


def test_exercism_v3_fields_and_limits() -> None:
    data = exercism.to_dict(hostile())
    assert data["version"] == 3 and data["status"] == "fail" and data["message"] is None
    (test,) = data["tests"]
    assert {"name", "status", "message", "test_code"} <= test.keys()
    assert test["status"] == "fail"
    assert len(test["output"]) <= 500 and test["output"].endswith("Please limit to 500 chars")
    assert "\x1b" not in test["output"]
    json.dumps(data).encode("utf-8")  # no lone surrogates left


def test_exercism_error_when_no_test_ran() -> None:
    broken = GradingResult(
        "exercise-01",
        "s",
        "t",
        "bank.py",
        0,
        0.0,
        10.0,
        (CaseResult("<run>", Outcome.ERROR, message="boom", diagnosis=Diagnosis("import_error", "SyntaxError")),),
    )
    data = exercism.to_dict(broken)
    jsonschema.validate(data, spec("exercism-results-v3.schema.json"))
    assert data["status"] == "error" and "SyntaxError" in data["message"] and data["tests"] == []


IMPORT_TRACE = """Your submission could not be imported:
/venv/lib/python3.11/site-packages/_pytest/python.py:528: in importtestmodule
    mod = import_path(
tests/visible/test_adder_visible.py:1: in <module>
    import adder
E     File "adder.py", line 4
E       def add(a, b)
E                    ^
E   SyntaxError: expected ':'"""


def syntax_error() -> GradingResult:
    """What grading a file that does not parse gives: every collected test ends as an import error."""
    names = ("tests/visible/test_adder_visible.py::test_1_small", "tests/hidden/test_adder_hidden.py::test_2_large")
    tests = tuple(
        CaseResult(
            name,
            Outcome.ERROR,
            1.0,
            0.0,
            5.0,
            "Your submission could not be imported.",
            Diagnosis("import_error", IMPORT_TRACE),
        )
        for name in names
    )
    return GradingResult("exercise-01", "adder", "Adder", "adder.py", 0, 0.0, 10.0, tests)


def test_exercism_error_with_the_syntax_error_when_the_submission_does_not_import() -> None:
    data = exercism.to_dict(syntax_error())
    jsonschema.validate(data, spec("exercism-results-v3.schema.json"))
    assert data["status"] == "error" and data["tests"] == []
    assert data["message"] == (
        "Your submission could not be imported:\n"
        "  File \"adder.py\", line 4\n    def add(a, b)\n                 ^\nSyntaxError: expected ':'"
    )
    assert "_pytest" not in data["message"]


def test_exercism_fail_when_one_test_ran_beside_import_errors() -> None:
    result = syntax_error()
    mixed = dataclasses.replace(result, tests=(result.tests[0], CaseResult("t.py::ok", Outcome.PASS, 1.0, 5.0, 5.0)))
    data = exercism.to_dict(mixed)
    jsonschema.validate(data, spec("exercism-results-v3.schema.json"))
    assert data["status"] == "fail" and data["message"] is None and len(data["tests"]) == 2


@pytest.mark.parametrize("name", NAMES)
def test_exercism_saved_results_match_the_spec(name: str) -> None:
    jsonschema.validate(exercism.to_dict(load(name)), spec("exercism-results-v3.schema.json"))
    jsonschema.validate(exercism.to_dict(with_tasks(load(name))), spec("exercism-results-v3.schema.json"))


def test_exercism_test_code_is_the_visible_test_function(tmp_path: Path) -> None:
    visible = tmp_path / "tests" / "visible"
    visible.mkdir(parents=True)
    (visible / "test_v.py").write_text(
        "import pytest\n\n\n@pytest.mark.points(2)\ndef test_one():\n    assert 1\n\n\n"
        "class TestGroup:\n    @pytest.mark.parametrize('n', [1, 2])\n    def test_two(self, n):\n"
        "        assert n\n\n\ndef test_three():\n    pass\n"
    )
    names = [
        "tests/visible/test_v.py::test_one",
        "tests/visible/test_v.py::TestGroup::test_two[1]",
        "tests/hidden/test_h.py::test_secret",
        "tests/visible/test_v.py::test_gone",
    ]
    code = exercism.read_test_code(tmp_path, names)
    assert code == {
        names[0]: "@pytest.mark.points(2)\ndef test_one():\n    assert 1",
        names[1]: "@pytest.mark.parametrize('n', [1, 2])\ndef test_two(self, n):\n    assert n",
    }
    cases = tuple(CaseResult(name, Outcome.PASS, 1.0, 1.0, 1.0) for name in names)
    data = exercism.to_dict(GradingResult("e", "s", "t", "f.py", 0, 4.0, 4.0, cases), code)
    jsonschema.validate(data, spec("exercism-results-v3.schema.json"))
    shown = [test["test_code"] for test in data["tests"]]
    assert shown[:2] == [code[names[0]], code[names[1]]]
    assert "secret" in shown[2] and shown[2].startswith("# A hidden test")
    assert shown[3] == names[3]


def test_exercism_pass_status() -> None:
    passing = GradingResult("e", "s", "t", "f.py", 0, 1.0, 1.0, (CaseResult("t.py::a", Outcome.PASS, 1.0, 1.0, 1.0),))
    data = exercism.to_dict(passing)
    assert data["status"] == "pass" and data["tests"][0] == {
        "name": "t::a",
        "status": "pass",
        "message": None,
        "test_code": "t.py::a",
    }


def test_csv_one_row_per_learner_one_column_per_exercise() -> None:
    text = csv_reporter.render(
        {"alice": [load("lost_update"), load("deadlock")], "=HYPERLINK(1)": [load("pipeline")]}, points_possible=True
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [*csv_reporter.IDENTITY, "exercise-01", "exercise-02", "exercise-04", "Total"]
    assert rows[1][0] == "Points Possible" and rows[1][-1] == "30"
    by_name = {row[0]: row for row in rows[2:]}
    assert by_name["alice"][5:] == ["2.63", "1.58", "", "4.21"]
    assert by_name["'=HYPERLINK(1)"][5:] == ["", "", "3.75", "3.75"]  # a formula is never a formula
    assert text.endswith("\r\n")


def with_tasks(result: GradingResult) -> GradingResult:
    """`result` as if its visible tests were marked `@pytest.mark.task(taskno=1)`, its hidden ones task 2 (but
    the last one, left without a task)."""
    tests = list(result.tests)
    for i, case in enumerate(tests[:-1]):
        tests[i] = dataclasses.replace(case, task=1 if "/visible/" in case.name else 2)
    return dataclasses.replace(result, tests=tuple(tests))


def test_exercism_task_id_only_for_tests_with_a_task() -> None:
    result = with_tasks(load("lost_update"))
    data = exercism.to_dict(result)
    assert [test.get("task_id") for test in data["tests"]] == [case.task for case in result.tests]
    assert data["tests"][0]["task_id"] == 1 and "task_id" not in data["tests"][-1]
    assert all("task_id" not in test for test in exercism.to_dict(load("lost_update"))["tests"])
    saved = result.to_dict()
    jsonschema.validate(saved, json.loads(SCHEMA.read_text()))
    assert GradingResult.from_dict(saved) == result
    values = (True, "2", 0, -1, 2.0)
    bogus = saved | {"tests": [test | {"task": value} for test, value in zip(saved["tests"], values, strict=False)]}
    assert [case.task for case in GradingResult.from_dict(bogus).tests[: len(values)]] == [None] * len(values)


SPECS = RESOURCES / "specs"


def spec(name: str) -> dict[str, object]:
    return json.loads((SPECS / name).read_text())


def cents(values: list[float]) -> int:
    return sum(round(value * 100) for value in values)


def graded(weights: list[float], passed: list[bool], points: float = 10.0, cap: float | None = None) -> GradingResult:
    """A result scored the way grading scores it, its total lowered to `cap` when given (a severity cap)."""
    from grader import scoring

    cases = tuple(
        CaseResult(f"tests/visible/test_w.py::test_{i}", Outcome.PASS if ok else Outcome.FAIL, weight)
        for i, (weight, ok) in enumerate(zip(weights, passed, strict=True))
    )
    scored, total = scoring.score_tests(points, cases)
    return GradingResult("exercise-01", "s", "t", "f.py", 0, total if cap is None else min(cap, total), points, scored)


@pytest.mark.parametrize(
    ("weights", "passed", "cap"),
    [
        ([1, 1, 1], [False, True, True], None),
        ([1] * 19, [True] * 5 + [False] * 14, None),
        ([1, 2, 2, 2, 2, 2, 2, 2, 2, 1], [True, False, True, False, False, False, False, False, False, True], None),
        ([3, 1, 1, 1, 1, 1, 1], [True, True, True, True, True, True, False], None),
        ([1] * 7, [True] * 7, None),
        ([1] * 7, [True] * 6 + [False], 2.5),
        ([0, 0, 0], [True, False, False], None),
    ],
)
def test_gradescope_test_scores_add_up_to_the_total(
    weights: list[float], passed: list[bool], cap: float | None
) -> None:
    result = graded(weights, passed, cap=cap)
    data = gradescope.to_dict(result)
    jsonschema.validate(data, spec("gradescope-results.schema.json"))
    scores, maxima = [t["score"] for t in data["tests"]], [t["max_score"] for t in data["tests"]]
    assert data["score"] == result.score
    assert cents(scores) == round(result.score * 100)
    assert cents(maxima) == round(result.max_score * 100)
    assert all(0 <= s <= m for s, m in zip(scores, maxima, strict=True))
    assert all(s == 0 for s, t in zip(scores, data["tests"], strict=True) if t["status"] == "failed")
    assert all(abs(m - c.max_score) <= 0.01 + 1e-9 for m, c in zip(maxima, result.tests, strict=True))


def test_gradescope_combined_scores_add_up() -> None:
    results = [load(name) for name in NAMES]
    data = gradescope.combine(results)
    jsonschema.validate(data, spec("gradescope-results.schema.json"))
    assert cents([t["score"] for t in data["tests"]]) == round(data["score"] * 100) == cents([r.score for r in results])
