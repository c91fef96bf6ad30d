"""The JSON form of results: `GradingResult.to_dict`, written to a file or to stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from grader.results import GradingResult


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def write(data: Any, destination: str) -> None:
    """Write `data` as JSON to `destination`, or to stdout when it is `-`."""
    text = dumps(data)
    if destination == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        Path(destination).write_text(text, encoding="utf-8")


def write_result(result: GradingResult, destination: str) -> None:
    write(result.to_dict(), destination)


def read_result(source: Path) -> GradingResult:
    """Load a result saved with `--json`."""
    data = json.loads(source.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{source}: not a grading result")
    return GradingResult.from_dict(data)
