"""The pytest plugin: options, the fixture, replay files, and identical results across processes."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import pytest

import grader

from . import learners

TEST_FILE = """
from grader.explorer import ExplorationFailure


def test_bank(explore):
    def scenario(bank):
        assert bank.run(amounts=(5, 8), times=3) == 0

    try:
        explore(scenario, module="bank")
    except ExplorationFailure as exc:
        import json, os
        with open(os.environ["DIAG_OUT"], "w") as f:
            json.dump(exc.grader_diagnosis, f)
        raise
"""


#: The subprocesses must import grader whichever interpreter runs this suite.
ROOT = str(Path(grader.__file__).resolve().parent.parent)


def _pythonpath(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(pytester.path), ROOT]))


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    pytester.makepyfile(bank=textwrap.dedent(learners.RACY_BANK).lstrip())
    pytester.makepyfile(test_bank=TEST_FILE)
    _pythonpath(pytester, monkeypatch)
    return pytester


def _run(project: pytest.Pytester, out: str, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.setenv("DIAG_OUT", str(project.path / out))
    result = project.runpytest_subprocess("-p", "grader.explorer.plugin", "-p", "no:cacheprovider", *args)
    diagnosis = json.loads((project.path / out).read_text())
    return result, diagnosis


def test_same_seed_same_verdict_message_and_trace_across_processes(project, monkeypatch):
    r1, d1 = _run(project, "d1.json", monkeypatch, "--explore-salt=ex-01", "--explore-seed=3")
    r2, d2 = _run(project, "d2.json", monkeypatch, "--explore-salt=ex-01", "--explore-seed=3")
    r1.assert_outcomes(failed=1)
    r2.assert_outcomes(failed=1)
    assert d1["kind"] == "lost_update"
    assert d1 == d2
    r1.stdout.fnmatch_lines(["*LOST UPDATE on balance*"])


def test_replay_file_reproduces_exactly_the_same_message(project, monkeypatch):
    _, original = _run(project, "d1.json", monkeypatch, "--explore-runs=40")
    replay = project.path / "replay.json"
    replay.write_text(json.dumps({"test_bank.py::test_bank": original["replay"]}))
    result, replayed = _run(project, "d2.json", monkeypatch, f"--explore-replay={replay}")
    result.assert_outcomes(failed=1)
    assert replayed == original


def test_passing_solution_passes_under_the_plugin(pytester: pytest.Pytester, monkeypatch):
    pytester.makepyfile(bank=textwrap.dedent(learners.LOCKED_BANK).lstrip())
    pytester.makepyfile(
        test_ok="""
        def test_ok(explore):
            def scenario(bank):
                assert bank.run() == 0
            report = explore(scenario, module="bank")
            assert report.runs == 25
        """
    )
    _pythonpath(pytester, monkeypatch)
    result = pytester.runpytest_subprocess("-p", "grader.explorer.plugin", "--explore-runs=25")
    result.assert_outcomes(passed=1)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="the explorer itself needs 3.11")
def test_unsupported_interpreter_fails_rather_than_skips(monkeypatch, explorer):
    from grader.explorer import ExplorationFailure
    from grader.explorer import search

    monkeypatch.setattr(search.platform, "python_implementation", lambda: "PyPy")
    with pytest.raises(ExplorationFailure, match="needs CPython"):
        explorer(lambda m: None, module="json")
