"""Reporters: the only code that formats results for people (terminal) or machines (JSON)."""

from __future__ import annotations
