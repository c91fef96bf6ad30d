# ruff: noqa: RUF001  (the Chinese texts are meant to have full-width punctuation)
"""`grade` in a Chinese locale: everything a learner reads is Chinese, apart from code and names."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEADLOCKING = ROOT / "solutions" / "02_deadlock" / "wrong" / "seed_code.py"
# Chinese text and full-width punctuation end a run of English words; inside the rest, words are split at spaces.
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
WORD = re.compile(r"[A-Za-z]+[,.;:!?]?")


def prose_runs(line: str) -> list[list[str]]:
    """Runs of 3 or more plain English words in `line` (identifiers, code, paths and numbers break a run)."""
    runs: list[list[str]] = []
    for segment in CHINESE.split(line):
        run: list[str] = []
        for token in [*segment.split(), ""]:
            if WORD.fullmatch(token):
                run.append(token)
                continue
            if len(run) >= 3:
                runs.append(run)
            run = []
    return runs


def test_the_checker_finds_english_prose_and_ignores_code():
    assert prose_runs("Thread-1 holds mutex_b and waits for mutex_a") == [["and", "waits", "for"]]
    assert prose_runs("  Thread-1 持有 mutex_b，位于第 28 行：mutex_a.acquire()") == []
    assert prose_runs("运行：grade hint exercise-02   查看提示") == []
    assert prose_runs("MainThread 等待 forwards 结束（join）") == []


def test_a_deadlock_graded_in_a_chinese_locale_reads_chinese(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG="zh_CN.UTF-8", NO_COLOR="1")
    out = tmp_path / "result.json"
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "02", "--submission", str(DEADLOCKING), "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    # The first line is the exercise's own title (exercise.toml), which is not translated.
    body = lines[1:]
    english = {line: runs for line in body if (runs := prose_runs(line))}
    assert not english, "\n".join(f"{line}\n    -> {runs}" for line, runs in english.items())
    text = "\n".join(body)
    for expected in ("通过", "失败", "死锁", "提示：", "得分：", "下一步：", "hints.zh.md"):
        assert expected in text, expected
    assert "mutex_a" in text and "mutex_b" in text  # the learner's own names stay as they are
    result = json.loads(out.read_text(encoding="utf-8"))
    diagnoses = [case["diagnosis"] for case in result["tests"] if case.get("diagnosis")]
    assert diagnoses and all(d["kind"] in ("deadlock", "lock_order") for d in diagnoses)  # kinds stay identifiers
    assert all("死锁" in d["message"] or "锁顺序" in d["message"] for d in diagnoses)
