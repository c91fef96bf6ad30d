from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from grader import runner
from grader import sandbox
from grader.results import GradingResult

SMALL = "test_1_small"
LARGE = "test_2_large"
NEGATIVE = "test_3_negative"


def table(result: GradingResult) -> dict[str, tuple[str, str | None]]:
    """`{test function: (status, diagnosis kind)}`."""
    return {
        case.name.rpartition("::")[2] or case.name: (
            case.outcome.value,
            case.diagnosis.kind if case.diagnosis else None,
        )
        for case in result.tests
    }


def test_reference_solution_gets_full_marks(grade_adder, fixture_root: Path) -> None:
    result = grade_adder(fixture_root / "solutions" / "01_adder" / "adder.py")
    assert result.full_marks
    assert result.score == result.max_score == 10
    assert [case.name for case in result.tests] == [
        "tests/visible/test_adder_visible.py::test_1_small",
        "tests/hidden/test_adder_hidden.py::test_2_large",
        "tests/hidden/test_adder_hidden.py::test_3_negative",
    ]
    assert result.run.finished


def test_partial_credit(grade_adder, submissions: Path) -> None:
    result = grade_adder(submissions / "partial.py")
    assert table(result) == {SMALL: ("pass", None), LARGE: ("fail", "wrong_result"), NEGATIVE: ("pass", None)}
    assert result.score == 5
    (failure,) = result.failures
    assert "assert 0 == 3000" in failure.diagnosis.message


def test_stub_is_not_implemented(grade_adder, adder) -> None:
    result = grade_adder(adder.stub)
    assert result.score == 0
    assert all(case.diagnosis and "TODO" in case.diagnosis.message for case in result.tests)


def test_per_test_timeout_keeps_going(grade_adder, fixture_root: Path) -> None:
    result = grade_adder(fixture_root / "solutions" / "01_adder" / "wrong" / "hangs.py", test_timeout=0.5)
    assert table(result) == {SMALL: ("pass", None), LARGE: ("timeout", "timeout"), NEGATIVE: ("pass", None)}
    assert not result.run.timed_out


def test_hang_past_the_wall_limit_keeps_earlier_results(grade_adder, submissions: Path) -> None:
    result = grade_adder(submissions / "hang_wall.py", test_timeout=60, wall_timeout=3)
    assert result.run.timed_out
    status = table(result)
    assert status[SMALL] == ("pass", None)
    assert status[LARGE] == ("timeout", "timeout")
    assert status[NEGATIVE][0] == "error"
    assert "not run" in result.tests[2].message.lower()
    assert result.score == 2.5


@pytest.mark.parametrize("name, how", [("exits", "exited with code 3"), ("segfaults", "SIGSEGV")])
def test_crash_keeps_earlier_results(grade_adder, submissions: Path, name: str, how: str) -> None:
    result = grade_adder(submissions / f"{name}.py")
    status = table(result)
    assert status[SMALL] == ("pass", None)
    assert status[LARGE] == ("error", "crash")
    assert status[NEGATIVE][0] == "error"
    assert how in result.tests[1].message
    assert not result.full_marks


def test_syntax_error_is_an_import_error(grade_adder, submissions: Path) -> None:
    result = grade_adder(submissions / "syntax_error.py")
    assert result.score == 0
    assert {case.diagnosis.kind for case in result.tests if case.diagnosis} == {"import_error"}
    assert "adder.py" in result.tests[0].diagnosis.message


def test_endless_import_is_a_timeout_before_any_test(grade_adder, submissions: Path) -> None:
    result = grade_adder(submissions / "import_loop.py", wall_timeout=1.5)
    assert {(case.outcome.value, case.diagnosis.kind) for case in result.tests} == {("timeout", "timeout")}
    assert len(result.tests) == 3  # every expected test carries the verdict
    assert result.score == 0


@pytest.mark.parametrize("mode", ["fallback", "auto"])
def test_grandchild_in_its_own_session_is_a_leaked_process(grade_adder, submissions: Path, mode: str) -> None:
    result = grade_adder(submissions / "grandchild.py", isolation_mode=mode)
    assert not result.full_marks
    status = table(result)
    assert status["<leaked processes>"] == ("fail", "leaked_process")
    assert {status[name] for name in (SMALL, LARGE, NEGATIVE)} == {("pass", None)}
    # weight 0: no test's points lost, but a leaked process is a concurrency bug: the total is capped
    assert result.score == 6.0 and result.cap is not None and result.cap.kinds == ("leaked_process",)
    assert "sleep" in result.tests[-1].message
    assert result.run.leftover_processes >= 1
    if mode == "fallback":  # behind bubblewrap the pid is the sandbox's, not the host's
        pid = int(re.search(r"GRANDCHILD=(\d+)", result.tests[0].output)[1])
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_leaked_non_daemon_thread_does_not_hang_the_run(grade_adder, submissions: Path) -> None:
    result = grade_adder(submissions / "leaks_thread.py", wall_timeout=30)
    assert result.full_marks
    assert not result.run.timed_out
    assert result.run.finished


def test_skipping_never_passes(grade_adder, submissions: Path) -> None:
    result = grade_adder(submissions / "skips.py")
    assert result.score == 0
    assert {case.outcome.value for case in result.tests} == {"fail"}


def test_other_exceptions_are_errors_with_the_learners_line(grade_adder, submissions: Path) -> None:
    result = grade_adder(submissions / "raises.py")
    assert {case.diagnosis.kind for case in result.tests} == {"error"}
    assert "KeyError" in result.tests[0].message and "adder.py:5" in result.tests[0].message


def test_events_with_a_wrong_nonce_are_ignored(grade_adder, submissions: Path) -> None:
    result = grade_adder(submissions / "forges.py")
    assert result.score == 0
    assert "x" not in {case.name for case in result.tests}


def test_missing_submission_is_a_usage_error(grade_adder, tmp_path: Path) -> None:
    with pytest.raises(runner.UsageError):
        grade_adder(tmp_path / "nope.py")


def test_event_log_keeps_the_first_report() -> None:
    log = runner.EventLog("abc")
    log.feed(b'{"nonce": "abc", "event": "collected", "nodeids": ["t::a"], "weights": [2]}')
    log.feed(b'{"nonce": "abc", "event": "report", "nodeid": "t::a", "outcome": "fail"}')
    log.feed(b'{"nonce": "abc", "event": "report", "nodeid": "t::a", "outcome": "pass"}')
    log.feed(b'{"nonce": "zzz", "event": "finished"}')
    log.feed(b"not json")
    assert log.collected == ["t::a"] and log.weights == {"t::a": 2.0}
    assert log.reports["t::a"]["outcome"] == "fail"
    assert not log.finished


def test_unreported_tests_follow_how_the_child_ended() -> None:
    log = runner.EventLog("n", collected=["t::a", "t::b"], started=["t::a"])
    crashed = sandbox.SandboxResult(-11, False, False, "", "", 0.1, 0)
    cases = runner.build_cases(log, crashed, 10)
    assert [(c.outcome.value, c.diagnosis.kind) for c in cases] == [("error", "crash"), ("error", "error")]
    flooded = sandbox.SandboxResult(-9, False, True, "", "", 0.1, 0)
    assert runner.build_cases(log, flooded, 10)[0].diagnosis.kind == "output_limit"


def test_canaries_and_expected_ids_catch_a_patched_pytest(grade_adder, submissions: Path) -> None:
    result = grade_adder(submissions / "patches_pytest.py")
    assert {case.diagnosis.kind for case in result.tests} == {"tampering"}
    assert result.score == 0


def test_canaries_never_show_in_the_result(grade_adder, fixture_root: Path) -> None:
    result = grade_adder(fixture_root / "solutions" / "01_adder" / "adder.py")
    assert len(result.tests) == 3 and result.full_marks


def test_a_lying_canary_means_tampering() -> None:
    canaries = [
        runner.integrity.Canary("tests/test_c.py", "test_p", True),
        runner.integrity.Canary("tests/test_d.py", "test_f", False),
    ]
    log = runner.EventLog("n", collected=["t::a"], started=["t::a"], finished=True)
    log.reports = {
        "t::a": {"outcome": "pass"},
        "tests/test_c.py::test_p": {"outcome": "pass"},
        "tests/test_d.py::test_f": {"outcome": "pass"},
    }
    ended = sandbox.SandboxResult(0, False, False, "", "", 0.1, 0)
    cases = runner.build_cases(log, ended, 10, expected={"t::a": 1.0}, canaries=canaries)
    assert [(c.name, c.outcome.value, c.diagnosis.kind) for c in cases] == [("t::a", "error", "tampering")]
    log.reports["tests/test_d.py::test_f"] = {"outcome": "fail"}
    assert [c.outcome.value for c in runner.build_cases(log, ended, 10, canaries=canaries)] == ["pass"]


def test_expected_tests_that_never_report_are_errors() -> None:
    log = runner.EventLog("n", collected=["t::a"], started=["t::a"], finished=True)
    log.reports = {"t::a": {"outcome": "pass"}}
    ended = sandbox.SandboxResult(0, False, False, "", "", 0.1, 0)
    cases = runner.build_cases(log, ended, 10, expected={"t::a": 1.0, "t::b": 2.0})
    assert [(c.name, c.outcome.value, c.weight) for c in cases] == [("t::a", "pass", 1.0), ("t::b", "error", 2.0)]
    assert "never reported" in cases[1].message


def test_output_is_sanitised_where_it_enters_the_results() -> None:
    log = runner.EventLog("n", collected=["t::a"], started=["t::a"], finished=True)
    log.reports = {
        "t::a": {
            "outcome": "fail",
            "output": "a\x1b[2J\x00b",
            "diagnosis": {"kind": "wrong_result", "message": "\x1b]0;x\x07m"},
        }
    }
    (case,) = runner.build_cases(log, sandbox.SandboxResult(1, False, False, "", "", 0.1, 0), 10)
    assert case.output == "ab" and case.diagnosis.message == "m"


def test_oom_and_pids_verdicts() -> None:
    log = runner.EventLog("n", collected=["t::a"], started=["t::a"])
    oom = sandbox.SandboxResult(137, False, False, "", "", 0.1, 0, oom_killed=True)
    assert runner.build_cases(log, oom, 10)[0].diagnosis.kind == "memory_limit"
    pids = sandbox.SandboxResult(1, False, False, "", "", 0.1, 0, pids_limit=True)
    assert runner.build_cases(log, pids, 10)[0].diagnosis.kind == "resource_limit"
    killed = sandbox.SandboxResult(139, False, False, "", "", 0.1, 0)
    assert "SIGSEGV" in runner.build_cases(log, killed, 10)[0].message


def test_coverage_lists_the_lines_the_tests_ran(grade_adder, tmp_path: Path) -> None:
    submission = tmp_path / "mine.py"
    submission.write_text(
        '"""Add two numbers."""\n\n\ndef add(a, b):\n    if a > 10**9:\n        return 0\n    return a + b\n'
    )
    result = grade_adder(submission)
    assert result.full_marks
    assert {4, 5, 7} <= set(result.coverage)  # the def, the test, the branch taken
    assert 6 not in result.coverage  # the branch no test reached


def test_malformed_or_forged_coverage_events_are_ignored() -> None:
    log = runner.EventLog("abc")
    bad = [
        {"lines": "1,2"},
        {"lines": [1, "2"]},
        {"lines": [True]},
        {"lines": [0]},
        {"lines": [-3]},
        {"lines": [1.5]},
        {"lines": [10**12]},
        {"lines": {"1": 1}},
        {"lines": list(range(1, runner.COVERAGE_LINES + 2))},
        {"file": 7, "lines": [1]},
        {"file": None, "lines": [1]},
        {"file": "x" * 1000, "lines": [1]},
    ]
    for fields in bad:
        log.feed(json.dumps({"nonce": "abc", "event": "coverage", "file": "adder.py", **fields}).encode())
    log.feed(json.dumps({"nonce": "zzz", "event": "coverage", "file": "adder.py", "lines": [1]}).encode())
    log.feed(b'{"nonce": "abc", "event": "coverage", "file": "adder.py"}')
    assert log.coverage == {}
    log.feed(b'{"nonce": "abc", "event": "coverage", "file": "adder.py", "lines": [5, 2, 5]}')
    for n in range(runner.COVERAGE_FILES + 5):
        log.feed(json.dumps({"nonce": "abc", "event": "coverage", "file": f"f{n}.py", "lines": [1]}).encode())
    assert log.coverage["adder.py"] == (2, 5) and len(log.coverage) == runner.COVERAGE_FILES
    log.feed(b'{"nonce": "abc", "event": "coverage", "file": "adder.py", "lines": [4]}')  # the last one wins
    log.feed(b'{"nonce": "abc", "event": "finished"}')
    log.feed(b'{"nonce": "abc", "event": "coverage", "file": "adder.py", "lines": [9]}')  # too late
    assert log.coverage["adder.py"] == (4,)


def test_a_reported_task_reaches_the_result_when_well_formed() -> None:
    log = runner.EventLog("n", collected=["t::a", "t::b", "t::c"], started=["t::a", "t::b", "t::c"], finished=True)
    log.reports = {
        "t::a": {"outcome": "pass", "task": 2},
        "t::b": {"outcome": "pass", "task": True},
        "t::c": {"outcome": "pass", "task": "1"},
    }
    cases = runner.build_cases(log, sandbox.SandboxResult(0, False, False, "", "", 0.1, 0), 10)
    assert [case.task for case in cases] == [2, None, None]
