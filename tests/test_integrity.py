"""The canaries' verdict: forgery is tampering, a run that broke on its own is not."""

from __future__ import annotations

import pytest

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


def test_collected_ids_are_kept_on_disk_for_the_next_process(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(integrity, "_expected_cache", {})
    key = ("abc123", "tests/hidden")
    integrity.remember_expected(key, {"tests/hidden/test_a.py::test_a": 2.0}, disk=True)
    monkeypatch.setattr(integrity, "_expected_cache", {})  # as in a new process
    assert integrity.cached_expected(key, disk=False) is None  # a grading whose child could have written it
    assert integrity.cached_expected(key, disk=True) == {"tests/hidden/test_a.py::test_a": 2.0}
    assert integrity.cached_expected(("abc123",), disk=True) is None  # another selection


def test_a_broken_or_foreign_cache_entry_is_ignored(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(integrity, "_expected_cache", {})
    key = ("def456",)
    path = integrity._disk_path(key)
    path.parent.mkdir(parents=True)
    for text in ("{not json", '{"key": ["other"], "weights": {}}', '{"key": ["def456"], "weights": {"t": "x"}}'):
        path.write_text(text)
        assert integrity.cached_expected(key, disk=True) is None


def test_a_second_grading_in_a_new_process_starts_one_child(grade_adder, fixture_root, monkeypatch) -> None:
    from grader import isolation
    from grader import runner

    problem = isolation.bwrap_problem()
    if problem:
        pytest.skip(f"full isolation unavailable here: {problem}")
    solution = fixture_root / "solutions" / "01_adder" / "adder.py"
    first = grade_adder(solution, isolation_mode="full")
    monkeypatch.setattr(integrity, "_expected_cache", {})  # as in a new process: only the disk cache is left

    def no_collect(self, select):
        raise AssertionError("collected again despite the cache on disk")

    monkeypatch.setattr(runner._Run, "collect", no_collect)
    second = grade_adder(solution, isolation_mode="full")
    assert second.score == first.score == second.max_score


def test_without_bubblewrap_nothing_is_read_from_or_written_to_disk(
    grade_adder, fixture_root, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(integrity, "_expected_cache", {})
    grade_adder(fixture_root / "solutions" / "01_adder" / "adder.py", isolation_mode="fallback")
    assert not integrity.cache_dir().exists()
