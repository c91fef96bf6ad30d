from __future__ import annotations

from pathlib import Path

import pytest

from grader.learner import lang


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW"}, "zh"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),  # LC_ALL wins
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),  # LC_MESSAGES beats LANG
        ({"LC_ALL": "", "LANG": "zh_CN"}, "zh"),  # empty means unset
    ],
)
def test_locale(environ: dict[str, str], expected: str) -> None:
    assert lang.choose(None, environ) == expected


def test_explicit_choice_beats_the_locale() -> None:
    assert lang.choose("en", {"LANG": "zh_CN.UTF-8"}) == "en"
    assert lang.choose("ZH", {"LANG": "en_US.UTF-8"}) == "zh"
    with pytest.raises(ValueError, match="unknown language"):
        lang.choose("fr", {})


def test_localized_falls_back_to_english(tmp_path: Path) -> None:
    (tmp_path / "instructions.md").write_text("en", encoding="utf-8")
    assert lang.localized(tmp_path, "instructions", "zh").name == "instructions.md"
    (tmp_path / "instructions.zh.md").write_text("zh", encoding="utf-8")
    assert lang.localized(tmp_path, "instructions", "zh").name == "instructions.zh.md"
    assert lang.localized(tmp_path, "instructions", "en").name == "instructions.md"
