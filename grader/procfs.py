"""The process table as Linux's /proc shows it: one parser for the sandbox (grader side) and grader.realproc
(inside the child, where /proc is the sandbox's own).

A process may name itself anything (`prctl(PR_SET_NAME)`), bytes that are not UTF-8 and parentheses included,
and may end while its entry is read: names are decoded leniently, fields are taken after the last ")", and an
entry that vanishes or cannot be parsed is skipped. Nothing here raises for what a process does to itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

PROC = "/proc"


@dataclass(frozen=True)
class ProcEntry:
    """One process: pid, parent, process group, state letter (R, S, D, Z, ...), command name, session."""

    pid: int
    ppid: int
    pgrp: int
    state: str
    command: str = ""
    session: int = 0


def parse_stat(pid: int, text: str) -> ProcEntry | None:
    """The entry of one /proc/PID/stat line, or None if it is not one."""
    open_paren, close_paren = text.find("("), text.rfind(")")
    fields = text[close_paren + 2 :].split()
    if open_paren < 0 or len(fields) < 4:
        return None
    try:
        return ProcEntry(
            pid, int(fields[1]), int(fields[2]), fields[0], text[open_paren + 1 : close_paren], int(fields[3])
        )
    except ValueError:
        return None


def process_table(proc: str = PROC) -> list[ProcEntry]:
    """Every process `proc` shows (empty where there is no /proc)."""
    found: list[ProcEntry] = []
    try:
        names = os.listdir(proc)
    except OSError:
        return found
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"{proc}/{name}/stat", encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            continue  # ended while we looked
        entry = parse_stat(int(name), text)
        if entry is not None:
            found.append(entry)
    return found


def entry(pid: int, proc: str = PROC) -> ProcEntry | None:
    """One process's entry, or None if it is gone (or there is no /proc)."""
    try:
        with open(f"{proc}/{pid}/stat", encoding="utf-8", errors="replace") as f:
            return parse_stat(pid, f.read())
    except OSError:
        return None


def cmdline(pid: int, proc: str = PROC) -> bytes:
    """One process's command line, NUL-separated as /proc has it (b"" if it is gone)."""
    try:
        with open(f"{proc}/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""
