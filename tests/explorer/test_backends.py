"""Both switch-point backends: this file runs under any CPython 3.11+ with pytest (CI runs it per version)."""

from __future__ import annotations

import sys

import pytest

from grader.explorer import ExplorationFailure
from grader.explorer import Explorer
from grader.explorer.backends import choose_backend

from . import learners


def test_default_backend_matches_the_interpreter():
    expected = "monitoring" if sys.version_info >= (3, 12) else "settrace"
    assert choose_backend({}).name == expected


@pytest.mark.parametrize(
    "backend",
    [
        "default",
        pytest.param(
            "settrace",
            marks=pytest.mark.skipif(
                sys.version_info >= (3, 12),
                reason="opcode tracing from several threads is unreliable on 3.12+ (3.12.1 segfaults); "
                "sys.monitoring is the backend there",
            ),
        ),
    ],
)
def test_backend_finds_the_race_and_passes_the_fix(learner, monkeypatch, backend):
    if backend == "settrace":
        monkeypatch.setenv("GRADER_EXPLORER_BACKEND", "settrace")
    racy = learner("racy", learners.RACY_BANK)
    fixed = learner("fixed", learners.LOCKED_BANK)
    with pytest.raises(ExplorationFailure) as info:
        Explorer("b")(lambda m: m.run(), module=racy)
    assert info.value.grader_diagnosis["kind"] == "lost_update"
    report = Explorer("b")(lambda m: m.run(), module=fixed, runs=80)
    assert report.runs >= 61
    assert report.backend == (backend if backend != "default" else choose_backend({}).name)


def test_the_backend_records_the_learners_lines_it_ran(learner, tmp_path):
    """The lines the explorer ran (for the coverage shown in reports): the branch taken, not the other."""
    from grader.explorer import coverage

    name = learner(
        "branchy",
        """
        import threading

        def work(flag, out):
            if flag:
                out.append("yes")
            else:
                out.append("no")

        def run(flag):
            out = []
            t = threading.Thread(target=work, args=(flag, out))
            t.start()
            t.join()
            return out
        """,
    )
    path = str(tmp_path / f"{name}.py")
    Explorer("b")(lambda m: m.run(True), module=name, runs=5)
    ran = coverage.executed_lines(path)
    assert {4, 5} <= ran  # `if flag:` and the taken branch, run in the explorer's own threads
    assert 7 not in ran  # the branch no schedule took
    Explorer("b")(lambda m: m.run(False), module=name, runs=5)
    assert 7 in coverage.executed_lines(path)
