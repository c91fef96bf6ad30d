# ruff: noqa: RUF001  (the Chinese texts are meant to have full-width punctuation)
"""The test process writes its diagnoses in the language the grader passes with --grader-lang."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import coverage  # noqa: F401  (imported once, as in test_plugin: pytester's in-process runs drop new modules)
import pytest

from grader import catalog
from grader import i18n
from grader import runner
from grader import workspace

NONCE = "feedbeef"
TESTS = """
import time

def test_wrong():
    assert 1 == 2

def test_not_done():
    raise NotImplementedError

def test_times_out():
    time.sleep(30)
"""


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language(i18n.DEFAULT)


def run(pytester: pytest.Pytester, tmp_path: Path, *options: str) -> dict[str, dict[str, object]]:
    pytester.mkdir("submission")
    pytester.makepyfile(test_lang=TESTS)
    channel = tmp_path / "channel"
    fd = os.open(channel, os.O_WRONLY | os.O_CREAT)
    try:
        pytester.runpytest_inprocess(
            "-p",
            "grader.plugin",
            f"--grader-channel-fd={fd}",
            f"--grader-nonce={NONCE}",
            f"--grader-submission-dir={pytester.path / 'submission'}",
            "--timeout=0.5",
            "-p",
            "no:cacheprovider",
            *options,
        )
    finally:
        os.close(fd)
    events = [json.loads(line) for line in channel.read_text().splitlines()]
    return {e["nodeid"].rpartition("::")[2]: e["diagnosis"] for e in events if e["event"] == "report"}


def test_the_plugin_writes_chinese_when_asked(pytester: pytest.Pytester, tmp_path: Path) -> None:
    found = run(pytester, tmp_path, "--grader-lang=zh")
    assert {name: d["kind"] for name, d in found.items()} == {
        "test_wrong": "wrong_result",
        "test_not_done": "error",
        "test_times_out": "timeout",
    }
    assert str(found["test_wrong"]["message"]).startswith("结果错误")
    assert "尚未实现" in str(found["test_not_done"]["message"])
    assert "测试没有在 0.5 秒 内结束" in str(found["test_times_out"]["message"])
    assert "互相等待" in str(found["test_times_out"]["hint"])


def test_the_plugin_writes_english_by_default(pytester: pytest.Pytester, tmp_path: Path) -> None:
    found = run(pytester, tmp_path)
    assert str(found["test_times_out"]["message"]).startswith("The test did not finish within 0.5 s")


def test_the_child_is_told_the_language_only_when_it_is_not_english(fixture_root: Path, tmp_path: Path) -> None:
    exercise = catalog.resolve(catalog.load_catalog(fixture_root), "adder")
    ws = workspace.Workspace(root=tmp_path)
    english = runner.child_argv(exercise, ws, 3, 4, seed=0, test_timeout=1)
    assert not any(arg.startswith("--grader-lang") for arg in english)
    i18n.set_language("zh")
    assert "--grader-lang=zh" in runner.child_argv(exercise, ws, 3, 4, seed=0, test_timeout=1)
    assert sys.executable in english


def test_the_learner_screens_follow_the_language(fixture_root: Path) -> None:
    from grader.reporters import learner

    exercise = catalog.resolve(catalog.load_catalog(fixture_root), "adder")
    assert learner.how_to_start(exercise, "adder.py")[0].startswith("Read:  grade show")
    i18n.set_language("zh")
    lines = learner.how_to_start(exercise, "adder.py")
    assert lines[0].startswith("阅读：grade show") and "编辑：adder.py" in lines[1]
    assert learner.watching(exercise, "adder.py").startswith("正在监视 adder.py")
