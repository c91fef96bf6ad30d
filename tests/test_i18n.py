"""The message catalogue: every id in both languages, with the same placeholders."""

# ruff: noqa: RUF001  (Chinese text uses full-width punctuation)
from __future__ import annotations

import re
import string

import pytest

from grader import i18n
from grader.explorer import explain

CJK = re.compile(r"[\u4e00-\u9fff]")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("msg_id", sorted(i18n.MESSAGES))
def test_every_message_has_both_languages(msg_id):
    texts = i18n.MESSAGES[msg_id]
    assert set(texts) == set(i18n.LANGUAGES)
    assert all(texts[lang].strip() for lang in i18n.LANGUAGES)


@pytest.mark.parametrize("msg_id", sorted(i18n.MESSAGES))
def test_placeholders_are_the_same_in_both_languages(msg_id):
    texts = i18n.MESSAGES[msg_id]
    assert fields(texts["en"]) == fields(texts["zh"])


@pytest.mark.parametrize("msg_id", sorted(i18n.MESSAGES))
def test_chinese_text_is_chinese(msg_id):
    texts = i18n.MESSAGES[msg_id]
    if msg_id.startswith("strategy.pct"):
        return
    assert CJK.search(texts["zh"]), texts["zh"]


def test_lookup_formats_in_the_chosen_language():
    assert i18n.t("explain.line_bare", "en", line=7) == "line 7"
    assert i18n.t("explain.line_bare", "zh", line=7) == "第 7 行"
    before = i18n.language()
    try:
        i18n.set_language("zh")
        assert i18n.t("term.score") == "得分："
        i18n.set_language("xx")
        assert i18n.language() == "en"
    finally:
        i18n.set_language(before)


def test_unknown_kind_is_shown_as_its_identifier():
    assert i18n.kind_label("deadlock") == "deadlock"
    assert i18n.t("kind.deadlock", "zh") == "死锁"
    assert i18n.kind_label("made_up_kind") == "made_up_kind"


def test_the_explorer_hints_are_the_catalogues_english():
    """The English hints live in the explorer too; a changed one needs its Chinese changed as well."""
    for kind, text in explain.HINTS.items():
        assert i18n.t(f"hint.{kind}", "en") == text, kind
    assert i18n.t("hint.self_deadlock", "en") == explain.SELF_DEADLOCK_HINT
    assert i18n.t("hint.async_deadlock", "en") == explain.ASYNC_HINTS["deadlock"]
    assert i18n.t("hint.async_leaked_thread", "en") == explain.ASYNC_HINTS["leaked_thread"]
    assert i18n.t("hint.generic", "en") == explain.GENERIC_HINT
    assert i18n.t("hint.test", "en") == explain.TEST_HINT
    for op, template in explain.WAIT_TEXT.items():
        assert i18n.t(f"wait.{op}", "en", obj="X") == template.format("X"), op
    for name, text in explain.STRATEGY_TEXT.items():
        assert i18n.t(f"strategy.{name}", "en") == text
