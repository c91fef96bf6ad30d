"""`grade prairielearn` and PrairieLearn's results.json, checked against a schema written from its docs."""

from __future__ import annotations

import base64
import json
import shutil
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from test_reporters_formats import NAMES
from test_reporters_formats import hostile
from test_reporters_formats import load
from test_reporters_formats import spec
from test_reporters_formats import syntax_error

from grader import cli
from grader.reporters import prairielearn

SCHEMA = "prairielearn-results.schema.json"


def svg_of(image: dict[str, str]) -> ET.Element:
    head, _, body = image["url"].partition(",")
    assert head == "data:image/svg+xml;base64"
    return ET.fromstring(base64.b64decode(body))


@pytest.mark.parametrize("name", NAMES)
def test_saved_results_match_the_spec_and_points_add_up(name: str) -> None:
    result = load(name)
    data = prairielearn.to_dict(result)
    jsonschema.validate(data, spec(SCHEMA))
    assert data["gradable"] is True and data["score"] == pytest.approx(result.score / result.max_score)
    assert sum(Decimal(str(test["points"])) for test in data["tests"]) == Decimal(str(result.score))
    assert sum(Decimal(str(test["max_points"])) for test in data["tests"]) == Decimal(str(result.max_score))
    assert all("message" in test for test, case in zip(data["tests"], result.tests, strict=True) if not case.passed)


def test_a_deadlock_has_its_timeline_and_wait_for_graph_as_images() -> None:
    data = prairielearn.to_dict(load("deadlock"))
    labels = [image["label"] for image in data["images"]]
    assert any("timeline" in label for label in labels) and any("waits for" in label for label in labels)
    for image in data["images"]:
        drawing = svg_of(image)
        assert drawing.tag == "{http://www.w3.org/2000/svg}svg"
        assert drawing.find("{http://www.w3.org/2000/svg}style") is not None  # styled on its own, off our page
    graph = svg_of(next(image for image in data["images"] if "waits for" in image["label"]))
    assert "mutex_a" in ET.tostring(graph, encoding="unicode")


def test_hostile_text_stays_text() -> None:
    data = prairielearn.to_dict(hostile())
    jsonschema.validate(data, spec(SCHEMA))
    text = json.dumps(data)
    assert "\\u001b" not in text and "\\u0000" not in text
    for image in data["images"]:
        assert "<script" not in base64.b64decode(image["url"].partition(",")[2]).decode()


def test_a_submission_that_does_not_import_is_not_gradable() -> None:
    data = prairielearn.to_dict(syntax_error())
    jsonschema.validate(data, spec(SCHEMA))
    assert data["gradable"] is False and "SyntaxError: expected ':'" in data["message"]
    assert "not counted" in data["message"]


def grade_job(tmp_path: Path, fixture_root: Path, source: Path | None) -> tuple[int, dict[str, object]]:
    student, results = tmp_path / "student", tmp_path / "results" / "results.json"
    student.mkdir()
    if source is not None:
        shutil.copy(source, student / "adder.py")
    args = ["prairielearn", "01", "--root", str(fixture_root), "--student", str(student), "--results", str(results)]
    code = cli.main([*args, "--isolation", "fallback"])
    data = json.loads(results.read_text())
    jsonschema.validate(data, spec(SCHEMA))
    return code, data


def test_command_grades_the_student_folder(tmp_path: Path, fixture_root: Path, submissions: Path) -> None:
    code, data = grade_job(tmp_path, fixture_root, submissions / "partial.py")
    assert code == 1 and data["gradable"] is True and 0 < data["score"] < 1
    assert [test["name"] for test in data["tests"]] == ["test_1_small", "test_2_large", "test_3_negative"]


def test_command_syntax_error_costs_no_attempt(tmp_path: Path, fixture_root: Path, submissions: Path) -> None:
    code, data = grade_job(tmp_path, fixture_root, submissions / "syntax_error.py")
    assert code == 1 and data == {"gradable": False, "message": data["message"]}
    assert 'File "adder.py", line 4' in str(data["message"])


def test_command_without_the_file_is_not_gradable(tmp_path: Path, fixture_root: Path) -> None:
    code, data = grade_job(tmp_path, fixture_root, None)
    assert code == 1 and data["gradable"] is False and "adder.py" in str(data["message"])


def test_command_reference_solution_full_marks(tmp_path: Path, fixture_root: Path) -> None:
    code, data = grade_job(tmp_path, fixture_root, fixture_root / "solutions" / "01_adder" / "adder.py")
    assert code == 0 and data["score"] == 1 and data["images"] == []


def test_example_question_grades_a_real_exercise() -> None:
    import re
    import shlex

    from grader import catalog

    repo = Path(__file__).parent.parent
    question = repo / "examples" / "prairielearn" / "questions" / "concurrency" / "bankBalance"
    info = json.loads((question / "info.json").read_text())
    assert info["gradingMethod"] == "External" and info["type"] == "v3"
    options = info["externalGradingOptions"]
    assert options["enabled"] is True and options["image"] and options["serverFilesCourse"] == ["concurrency-kata/"]
    command = shlex.split(options["entrypoint"])
    assert command[:2] == ["grade", "prairielearn"]
    assert command[command.index("--root") + 1] == "/grade/serverFilesCourse/concurrency-kata"
    exercise = catalog.resolve(catalog.load_catalog(repo), command[2])
    assert cli.build_parsers()["prairielearn"].parse_args(command[2:]).exercise == command[2]
    assert options["timeout"] > exercise.limits.wall_timeout
    editor = re.search(r'<pl-file-editor[^>]*\sfile-name="([^"]+)"', (question / "question.html").read_text())
    assert editor is not None and editor[1] == exercise.submission
