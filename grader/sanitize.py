"""Makes text from the child safe to show: what the submission printed must not drive a terminal or a page.

Applied where the child's output enters the results model (the runner), so every reporter gets clean text:
terminal escape sequences (CSI, OSC and other ESC sequences), NUL and other control characters except
newline and tab are removed, a lone carriage return becomes a newline.
"""

from __future__ import annotations

import re
from typing import Any

_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]              # CSI: colours, cursor movement, screen clearing
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?  # OSC: window titles, hyperlinks
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?       # DCS, SOS, PM, APC strings
    | \x1b[@-Z\\-_]?                      # other two-character escapes, or a lone ESC
    | \x9b[0-?]*[ -/]*[@-~]               # 8-bit CSI
    """,
    re.VERBOSE,
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """`text` without escape sequences and control characters (newlines and tabs are kept)."""
    text = _ESCAPES.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def deep(value: Any) -> Any:
    """`clean` applied to every string inside nested dicts and lists (keys included)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(str(key)): deep(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [deep(item) for item in value]
    return value
