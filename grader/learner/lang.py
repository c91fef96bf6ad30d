"""Which language the learner reads: `--lang`, else the locale, else English.

An exercise's texts are written per language (instructions.zh.md, hints.zh.md); the grader's own messages
come from `grader.i18n`. A translated file that is missing falls back to the English one, so a
half-translated exercise still works.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

LANGUAGES = ("en", "zh")
DEFAULT = "en"
# POSIX precedence: LC_ALL overrides LC_MESSAGES, which overrides LANG.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def from_locale(environ: Mapping[str, str] | None = None) -> str:
    """`zh` when the first locale variable that is set starts with `zh` (`zh_CN.UTF-8`, `zh_TW`), else `en`."""
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            return "zh" if value.lower().startswith("zh") else DEFAULT
    return DEFAULT


def choose(explicit: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language to show: `explicit` (from `--lang`) when given, else the locale's."""
    if explicit:
        wanted = explicit.strip().lower()
        if wanted not in LANGUAGES:
            raise ValueError(f"unknown language {explicit!r} (choose from {', '.join(LANGUAGES)})")
        return wanted
    return from_locale(environ)


def localized(folder: Path, name: str, lang: str) -> Path:
    """`folder/name.md` in `lang`: `instructions.zh.md` for zh when it exists, else `instructions.md`."""
    if lang != DEFAULT:
        translated = folder / f"{name}.{lang}.md"
        if translated.is_file():
            return translated
    return folder / f"{name}.md"
