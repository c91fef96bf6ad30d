"""Writes a class's outputs from its gradebook: index.html, a page per learner, grades.csv, per-learner JSON.

Everything is rendered from the gradebook, not from the run that just ended, so the pages always show the
whole class, including gradings kept from earlier runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from grader.batch.gradebook import Row
from grader.reporters import csv as csv_reporter
from grader.reporters import exercism
from grader.reporters import gradescope
from grader.reporters import html
from grader.reporters import outputs
from grader.reporters.json import dumps
from grader.results import GradingResult

INDEX = "index.html"
CSV = "grades.csv"


@dataclass(frozen=True)
class Written:
    index: Path
    csv: Path
    pages: tuple[Path, ...]
    json_files: int


def display_names(rows: Sequence[Row]) -> dict[str, str]:
    """Learner folder -> the name shown; a roster name two folders share gets the folder added."""
    names = {row.learner: row.name or row.learner for row in rows}
    taken: dict[str, int] = {}
    for name in names.values():
        taken[name] = taken.get(name, 0) + 1
    return {folder: name if taken[name] == 1 else f"{name} ({folder})" for folder, name in names.items()}


def write(
    rows: Sequence[Row],
    out: Path,
    *,
    gradescope_json: bool = False,
    exercism_json: bool = False,
    folders: Mapping[str, Path] | None = None,
    expected: Sequence[html.Missing] = (),
) -> Written:
    """`folders` maps exercise ids to their folders, for Exercism's `test_code` (default: the catalogue found);
    `expected` are the exercises every learner should have handed in (besides any graded for someone)."""
    names = display_names(rows)
    gradings: dict[str, list[GradingResult]] = {}
    ids: dict[str, str] = {}
    for row in rows:
        gradings.setdefault(names[row.learner], []).append(row.result)
        if row.learner_id:
            ids[names[row.learner]] = row.learner_id
    index, grades = out / INDEX, out / CSV
    pages = outputs.write_class(gradings, outputs.Requested(html=index), expected=expected)
    if not gradings:
        html.write(html.render_class({}), index)
    grades.write_text(csv_reporter.render(gradings, ids=ids), encoding="utf-8")
    count = 0
    code = outputs.test_code([row.result for row in rows], folders) if exercism_json else {}
    for row in rows:
        for wanted, folder, render in (
            (gradescope_json, "gradescope", gradescope.to_dict),
            (exercism_json, "exercism", lambda result: exercism.to_dict(result, code)),
        ):
            if wanted:
                target = out / folder / html.learner_file_name(row.learner).removesuffix(".html")
                target.mkdir(parents=True, exist_ok=True)
                (target / f"{row.exercise}.json").write_text(dumps(render(row.result)), encoding="utf-8")
                count += 1
    return Written(index, grades, tuple(pages), count)
