"""Grades Python concurrency kata submissions.

The grader runs each learner submission's tests in a sandboxed child process and scores what the child reports
over a channel of its own; see docs/contracts.md for the contracts between the stages.
"""

from __future__ import annotations

__version__ = "0.1.0"
