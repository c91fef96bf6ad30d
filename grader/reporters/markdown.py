"""A Markdown summary of several gradings, for `$GITHUB_STEP_SUMMARY` and pull-request comments."""

from __future__ import annotations

from collections.abc import Sequence

from grader.reporters import views
from grader.results import GradingResult


def _cell(text: str) -> str:
    return views.clean(text).replace("\n", " ").replace("|", "\\|").replace("`", "'")


def summary(results: Sequence[GradingResult], *, min_score: float | None = None) -> str:
    """A table with one row per exercise (score, what went wrong), the total, and the threshold's verdict."""
    score = sum(r.score for r in results)
    max_score = sum(r.max_score for r in results)
    percent = views.percent(score, max_score)
    lines = [
        "## Grading",
        "",
        f"**{views.points(score)} / {views.points(max_score)}** ({percent:.0f}%) over {len(results)} exercise(s)",
        "",
        "| Exercise | Score | Tests passed | What went wrong |",
        "|---|---:|---:|---|",
    ]
    for result in results:
        passed = sum(1 for case in result.tests if case.passed)
        kinds = sorted({case.diagnosis.kind for case in result.failures if case.diagnosis})
        mark = "\u2705" if result.full_marks else "\u274c"
        lines.append(
            f"| {mark} {_cell(result.exercise)} {_cell(result.title)} | {views.points(result.score)} / "
            f"{views.points(result.max_score)} | {passed}/{len(result.tests)} | {_cell(', '.join(kinds)) or '-'} |"
        )
    if min_score is not None:
        verdict = "passed" if percent >= min_score else "below"
        lines += ["", f"Threshold: {min_score:g}% ({verdict})."]
    return "\n".join(lines) + "\n"
