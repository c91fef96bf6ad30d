"""`grade prairielearn`: grades a PrairieLearn external-grading job and writes its `results.json`.

PrairieLearn's grading container holds the learner's files in `/grade/student` and reads the results from
`/grade/results/results.json`; the catalogue, with its hidden tests, sits in the course's `serverFilesCourse/`
(mounted at `/grade/serverFilesCourse/`), which learners never see. The submission is graded through the runner,
as `grade EXERCISE` grades it. A job without the exercise's file is not gradable, so it costs no attempt.
See examples/prairielearn/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader import catalog
from grader import runner
from grader.reporters import prairielearn
from grader.reporters.json import dumps
from grader.results import GradingResult

STUDENT = Path("/grade/student")
RESULTS = Path("/grade/results/results.json")


@dataclass(frozen=True)
class Options:
    exercise: str
    root: Path
    student: Path = STUDENT
    results: Path = RESULTS
    seed: int = 0


def submission(student: Path, exercise: catalog.Exercise) -> Path | None:
    """The exercise's file among the learner's: by its name, else the only Python file there is."""
    named = student / exercise.submission
    if named.is_file():
        return named
    found = sorted(student.glob("*.py")) if student.is_dir() else []
    return found[0] if len(found) == 1 else None


def run(options: Options) -> GradingResult | None:
    """Grade the job and write its results; None when there was nothing to grade (written as not gradable)."""
    exercise = catalog.resolve(catalog.load_catalog(options.root), options.exercise)
    path = submission(options.student, exercise)
    options.results.parent.mkdir(parents=True, exist_ok=True)
    if path is None:
        message = f"No {exercise.submission} in your submission: submit that file (this try was not counted)."
        options.results.write_text(dumps({"gradable": False, "message": message}), encoding="utf-8")
        return None
    result = runner.grade(exercise, path, seed=options.seed)
    options.results.write_text(dumps(prairielearn.to_dict(result)), encoding="utf-8")
    return result
