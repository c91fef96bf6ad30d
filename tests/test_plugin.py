from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import coverage  # noqa: F401  (see below)
import pytest

# coverage.py is imported here, once: pytester's in-process runs drop the modules first imported during a run,
# and coverage.py's C tracer cannot be imported a second time in one process.

NONCE = "feedbeef"

SUBMISSION = """
def add(a, b):
    return a + b
"""

TESTS = """
import adder
import pytest

class Found(AssertionError):
    grader_diagnosis = {"kind": "lost_update", "message": "lost", "replay": {"seed": 1}}

@pytest.mark.points(3)
def test_passes():
    print("hello from the test")
    assert adder.add(1, 2) == 3

def test_wrong():
    assert adder.add(1, 2) == 4

def test_error():
    {}["missing"]

def test_diagnosis_wins():
    raise Found("boom")

def test_times_out():
    import time
    time.sleep(30)

@pytest.fixture
def broken():
    raise RuntimeError("fixture")

def test_setup_error(broken):
    pass
"""


def events_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.mkdir("submission")
    (pytester.path / "submission" / "adder.py").write_text(SUBMISSION)
    pytester.makepyfile(test_adder=TESTS)
    return pytester


def test_events_and_classification(project: pytest.Pytester, tmp_path: Path) -> None:
    channel = tmp_path / "channel"
    fd = os.open(channel, os.O_WRONLY | os.O_CREAT)
    try:
        project.runpytest_inprocess(
            "-p",
            "grader.plugin",
            f"--grader-channel-fd={fd}",
            f"--grader-nonce={NONCE}",
            f"--grader-submission-dir={project.path / 'submission'}",
            "--timeout=0.5",
            "-p",
            "no:cacheprovider",
        )
    finally:
        os.close(fd)
    events = events_of(channel)
    assert {event["nonce"] for event in events} == {NONCE}
    assert events[0]["event"] == "collected"
    assert [e["event"] for e in events][-1] == "finished"
    collected = events[0]
    assert collected["weights"] == [3, 1, 1, 1, 1, 1]
    reports = {e["nodeid"].rpartition("::")[2]: e for e in events if e["event"] == "report"}
    starts = [e["nodeid"] for e in events if e["event"] == "start"]
    assert starts == collected["nodeids"]
    summary = {name: (r["outcome"], r["diagnosis"] and r["diagnosis"]["kind"]) for name, r in reports.items()}
    assert summary == {
        "test_passes": ("pass", None),
        "test_wrong": ("fail", "wrong_result"),
        "test_error": ("fail", "error"),
        "test_diagnosis_wins": ("fail", "lost_update"),
        "test_times_out": ("timeout", "timeout"),
        "test_setup_error": ("error", "error"),
    }
    assert "hello from the test" in reports["test_passes"]["output"]
    assert reports["test_diagnosis_wins"]["diagnosis"]["replay"] == {"seed": 1}
    assert "assert 3 == 4" in reports["test_wrong"]["diagnosis"]["message"]


def test_collection_error_is_reported_as_import_error(project: pytest.Pytester, tmp_path: Path) -> None:
    (project.path / "submission" / "adder.py").write_text("def add(a, b)\n    return a + b\n")
    channel = tmp_path / "channel"
    fd = os.open(channel, os.O_WRONLY | os.O_CREAT)
    try:
        project.runpytest_inprocess(
            "-p",
            "grader.plugin",
            f"--grader-channel-fd={fd}",
            f"--grader-nonce={NONCE}",
            f"--grader-submission-dir={project.path / 'submission'}",
            "-p",
            "no:cacheprovider",
        )
    finally:
        os.close(fd)
    (report,) = [e for e in events_of(channel) if e["event"] == "report"]
    assert report["nodeid"] == "test_adder.py"
    assert report["outcome"] == "error"
    assert report["diagnosis"]["kind"] == "import_error"


def test_without_a_channel_the_plugin_only_registers_the_marker(project: pytest.Pytester) -> None:
    project.makepyfile(test_plain="import pytest\n@pytest.mark.points(2)\ndef test_x():\n    pass\n")
    result = project.runpytest_inprocess("-p", "grader.plugin", "--strict-markers", "test_plain.py")
    result.assert_outcomes(passed=1)


def test_events_sent_before_os_exit_survive(pytester: pytest.Pytester, tmp_path: Path) -> None:
    channel = tmp_path / "channel"
    # The plugin needs the fd open before it is configured: a conftest opens it as fd 99.
    # As under the grader: the channel on fd 99 and the nonce on a pipe (fd 98) the plugin reads and closes.
    pytester.makeconftest(
        f"import os\nos.dup2(os.open({str(channel)!r}, os.O_WRONLY | os.O_CREAT), 99)\n"
        f"r, w = os.pipe()\nos.write(w, b{NONCE!r})\nos.close(w)\nos.dup2(r, 98)\n"
    )
    pytester.makepyfile(
        test_exit="import os\ndef test_a():\n    pass\ndef test_b():\n    os._exit(0)\ndef test_c():\n    pass\n"
    )
    result = pytester.runpytest_subprocess(
        "-p", "grader.plugin", "--grader-channel-fd=99", f"--grader-nonce={NONCE}", "-p", "no:cacheprovider"
    )
    assert result.ret == 0
    events = events_of(channel)
    kinds = [(e["event"], e.get("nodeid", "").rpartition("::")[2]) for e in events]
    assert kinds == [("collected", ""), ("start", "test_a"), ("report", "test_a"), ("start", "test_b")]


def test_leaked_thread_exits_after_finished(pytester: pytest.Pytester, tmp_path: Path) -> None:
    channel = tmp_path / "channel"
    # As under the grader: the channel on fd 99 and the nonce on a pipe (fd 98) the plugin reads and closes.
    pytester.makeconftest(
        f"import os\nos.dup2(os.open({str(channel)!r}, os.O_WRONLY | os.O_CREAT), 99)\n"
        f"r, w = os.pipe()\nos.write(w, b{NONCE!r})\nos.close(w)\nos.dup2(r, 98)\n"
    )
    pytester.makepyfile(
        test_leak="import threading\nstuck = threading.Event()\n"
        "def test_leak():\n    threading.Thread(target=stuck.wait).start()\n"
    )
    result = pytester.runpytest_subprocess(
        "-p", "grader.plugin", "--grader-channel-fd=99", "--grader-nonce-fd=98", "-p", "no:cacheprovider", timeout=60
    )
    assert result.ret == 0
    assert events_of(channel)[-1]["event"] == "finished"


def test_a_broken_test_helper_is_not_blamed_on_the_submission(project: pytest.Pytester, tmp_path: Path) -> None:
    project.makepyfile(test_adder="import adder\nimport no_such_helper_module\n\ndef test_x():\n    pass\n")
    channel = tmp_path / "channel"
    fd = os.open(channel, os.O_WRONLY | os.O_CREAT)
    try:
        project.runpytest_inprocess(
            "-p",
            "grader.plugin",
            f"--grader-channel-fd={fd}",
            f"--grader-nonce={NONCE}",
            f"--grader-submission-dir={project.path / 'submission'}",
            "-p",
            "no:cacheprovider",
        )
    finally:
        os.close(fd)
    (report,) = [e for e in events_of(channel) if e["event"] == "report"]
    assert report["diagnosis"]["kind"] == "error"


def test_a_missing_name_in_the_submission_is_an_import_error(project: pytest.Pytester, tmp_path: Path) -> None:
    project.makepyfile(test_adder="from adder import subtract\n\ndef test_x():\n    pass\n")
    channel = tmp_path / "channel"
    fd = os.open(channel, os.O_WRONLY | os.O_CREAT)
    try:
        project.runpytest_inprocess(
            "-p",
            "grader.plugin",
            f"--grader-channel-fd={fd}",
            f"--grader-nonce={NONCE}",
            f"--grader-submission-dir={project.path / 'submission'}",
            "-p",
            "no:cacheprovider",
        )
    finally:
        os.close(fd)
    (report,) = [e for e in events_of(channel) if e["event"] == "report"]
    assert report["diagnosis"]["kind"] == "import_error"


BRANCHY = """\
def sign(x):
    if x >= 0:
        return "plus"
    else:
        return "minus"


def only_explored(x):
    return x + 1


def after_exploring():
    return "still measured"


def in_a_thread(n, out):
    total = 0
    for i in range(n):
        total += i
    if total < 0:
        out.append("never")
    out.append(total)
"""

BRANCHY_TESTS = """\
import branchy


def test_plain():
    assert branchy.sign(1) == "plus"


def test_explored(explore):
    def scenario(mod):
        assert mod.only_explored(1) == 2

    explore(scenario, module="branchy", runs=3)


def test_after_exploring():
    assert branchy.after_exploring() == "still measured"


def test_in_a_thread():
    import threading

    out = []
    thread = threading.Thread(target=branchy.in_a_thread, args=(1000, out))
    thread.start()
    thread.join()
    assert out == [499500]
"""


def test_coverage_event_merges_coverage_py_and_the_explorer(pytester: pytest.Pytester, tmp_path: Path) -> None:
    pytester.mkdir("submission")
    (pytester.path / "submission" / "branchy.py").write_text(BRANCHY)
    pytester.makepyfile(test_branchy=BRANCHY_TESTS)
    channel = tmp_path / "channel"
    fd = os.open(channel, os.O_WRONLY | os.O_CREAT)
    try:
        result = pytester.runpytest_inprocess(
            "-p",
            "grader.plugin",
            "-p",
            "grader.explorer.plugin",
            f"--grader-channel-fd={fd}",
            f"--grader-nonce={NONCE}",
            f"--grader-submission-dir={pytester.path / 'submission'}",
            "-p",
            "no:cacheprovider",
        )
    finally:
        os.close(fd)
    result.assert_outcomes(passed=4)
    events = events_of(channel)
    assert [e["event"] for e in events][-2:] == ["coverage", "finished"]
    (event,) = [e for e in events if e["event"] == "coverage"]
    assert event["file"] == "branchy.py"
    lines = event["lines"]
    assert lines == sorted(lines)
    assert {1, 2, 3, 8} <= set(lines)  # def lines, the branch taken
    assert 9 in lines  # run only inside explore(), in the explorer's own threads
    assert 13 in lines  # the explorer's tracers left coverage.py's alone
    assert 5 not in lines  # the branch no test took
    assert {17, 18, 19, 20, 22} <= set(lines)  # run in a thread the test started, after its loop too
    assert 21 not in lines


def test_no_coverage_without_a_submission_folder(project: pytest.Pytester, tmp_path: Path) -> None:
    channel = tmp_path / "channel"
    fd = os.open(channel, os.O_WRONLY | os.O_CREAT)
    try:
        project.runpytest_inprocess(
            "-p", "grader.plugin", f"--grader-channel-fd={fd}", f"--grader-nonce={NONCE}", "-p", "no:cacheprovider"
        )
    finally:
        os.close(fd)
    assert "coverage" not in {e["event"] for e in events_of(channel)}


def test_report_carries_the_task_marker(project: pytest.Pytester, tmp_path: Path) -> None:
    project.makepyfile(
        test_adder="import pytest\n\n"
        "@pytest.mark.task(taskno=2)\ndef test_named():\n    pass\n\n"
        "@pytest.mark.task(3)\ndef test_positional():\n    pass\n\n"
        "@pytest.mark.task(taskno='x')\ndef test_bogus():\n    pass\n\n"
        "def test_none():\n    pass\n"
    )
    channel = tmp_path / "channel"
    fd = os.open(channel, os.O_WRONLY | os.O_CREAT)
    try:
        result = project.runpytest_inprocess(
            "-p", "grader.plugin", f"--grader-channel-fd={fd}", f"--grader-nonce={NONCE}", "--strict-markers"
        )
    finally:
        os.close(fd)
    result.assert_outcomes(passed=4)
    tasks = {e["nodeid"].rpartition("::")[2]: e["task"] for e in events_of(channel) if e["event"] == "report"}
    assert tasks == {"test_named": 2, "test_positional": 3, "test_bogus": None, "test_none": None}
