"""Exceptions the command line turns into exit codes.

A `UsageError` is the user's mistake (exit 2); anything else escaping a command is a grader failure (exit 3).
"""

from __future__ import annotations


class UsageError(Exception):
    """The command line named something that does not exist or cannot be used."""
