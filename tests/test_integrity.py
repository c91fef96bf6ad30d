"""The canaries' verdict: forgery is tampering, a run that broke on its own is not."""

from __future__ import annotations

from grader import integrity

MUST_PASS = integrity.Canary("tests/hidden/test_aa.py", "test_ok", True)
MUST_FAIL = integrity.Canary("tests/visible/test_bb.py", "test_no", False)
CANARIES = [MUST_PASS, MUST_FAIL]


def reports(own: str | None, must_pass: str | None, must_fail: str | None) -> dict[str, dict[str, str]]:
    found = {}
    for nodeid, outcome in (
        ("tests/hidden/test_x.py::test_x", own),
        (MUST_PASS.nodeid, must_pass),
        (MUST_FAIL.nodeid, must_fail),
    ):
        if outcome is not None:
            found[nodeid] = {"outcome": outcome}
    return found


def test_honest_run_is_trusted() -> None:
    assert integrity.check_canaries(CANARIES, reports("pass", "pass", "fail"), True) == ""


def test_a_must_fail_control_that_passes_is_tampering_even_in_a_broken_run() -> None:
    assert integrity.check_canaries(CANARIES, reports("error", "pass", "pass"), True)


def test_missing_control_report_in_an_all_passing_run_is_tampering() -> None:
    assert integrity.check_canaries(CANARIES, reports("pass", None, "fail"), True)


def test_missing_control_report_in_a_run_whose_tests_failed_is_not_tampering() -> None:
    assert integrity.check_canaries(CANARIES, reports("error", None, None), True) == ""
    assert integrity.check_canaries(CANARIES, reports(None, None, None), True) == ""
