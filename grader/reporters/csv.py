"""The gradebook CSV: one row per learner, one column per exercise, then the total.

Laid out for Canvas's gradebook import (`Student`, `ID`, `SIS User ID`, `SIS Login ID`, `Section`, then one
column per assignment) and accepted by Moodle's CSV grade import, which maps an identifier column (use
`SIS Login ID`) and each grade column by hand. Text cells that a spreadsheet would read as a formula are quoted
with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from collections.abc import Sequence

from grader.reporters import views
from grader.results import GradingResult

IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    value = views.clean(value).replace("\n", " ")
    return "'" + value if value.startswith(FORMULA) else value


def render(
    gradings: Mapping[str, Sequence[GradingResult]],
    *,
    points_possible: bool = False,
    ids: Mapping[str, str] | None = None,
) -> str:
    """The CSV for `gradings` (learner -> results). An exercise a learner has no result for is left empty.

    `points_possible` adds Canvas's optional "Points Possible" row under the header (leave it off for Moodle);
    `ids` (learner -> roster id) fills the `ID` and `SIS User ID` columns.
    """
    latest = {learner: {result.exercise: result for result in results} for learner, results in gradings.items()}
    maxima: dict[str, float] = {}
    for done in latest.values():
        for exercise, result in done.items():
            maxima.setdefault(exercise, result.max_score)
    exercises = sorted(maxima)
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([*IDENTITY, *exercises, "Total"])
    if points_possible:
        writer.writerow(
            ["Points Possible", "", "", "", "", *(f"{maxima[e]:g}" for e in exercises), f"{sum(maxima.values()):g}"]
        )
    for learner in sorted(latest, key=str.casefold):
        done = latest[learner]
        scores = [f"{done[e].score:g}" if e in done else "" for e in exercises]
        total = sum(result.score for result in done.values())
        ident = _text((ids or {}).get(learner, ""))
        writer.writerow([_text(learner), ident, ident, _text(learner), "", *scores, f"{round(total, 2):g}"])
    return stream.getvalue()
