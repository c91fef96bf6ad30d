"""Class-scale grading: every learner times every exercise, into a gradebook that loses nothing.

`submissions` finds the work, `gradebook` keeps the results (SQLite, WAL, content hashes), `pool` and `dask`
run the gradings (each through `grader.runner.grade`), `run` ties them together and `outputs` writes the class.
"""

from __future__ import annotations
