"""grader.procfs: the process table, whatever a process calls itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader import procfs

RENAME_AND_WAIT = """
import ctypes, sys, time
libc = ctypes.CDLL(None)
libc.prctl(15, ctypes.c_char_p(b"\\xff\\xfe) (x"), 0, 0, 0)  # PR_SET_NAME: not UTF-8, with parentheses
print("renamed", flush=True)
time.sleep(60)
"""


def test_fields_are_read_after_the_last_parenthesis() -> None:
    entry = procfs.parse_stat(42, "42 (a) (b c) S 7 42 42 0 -1")
    assert entry == procfs.ProcEntry(42, 7, 42, "S", "a) (b c", 42)


@pytest.mark.parametrize("text", ["", "42 (x", "42 (x) S 7", "42 (x) S seven 42 42"])
def test_a_line_that_is_not_a_stat_line_is_skipped(text: str) -> None:
    assert procfs.parse_stat(42, text) is None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_process_named_with_bytes_that_are_not_utf8_is_listed() -> None:
    child = subprocess.Popen([sys.executable, "-c", RENAME_AND_WAIT], stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.readline() == b"renamed\n"
        (entry,) = [e for e in procfs.process_table() if e.pid == child.pid]
        assert entry.ppid == os.getpid()
        assert entry.command.endswith(") (x")
    finally:
        child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()


def test_no_proc_is_an_empty_table(tmp_path: Path) -> None:
    assert procfs.process_table(str(tmp_path / "missing")) == []


def test_entries_that_vanish_or_are_garbage_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "12").mkdir()
    (tmp_path / "12" / "stat").write_text("12 (ok) S 1 12 12 0")
    (tmp_path / "13").mkdir()  # no stat file: ended while the table was read
    (tmp_path / "14").mkdir()
    (tmp_path / "14" / "stat").write_bytes(b"14 (\xff) Z 1 14 14 0")
    (tmp_path / "self").mkdir()
    table = sorted(procfs.process_table(str(tmp_path)), key=lambda e: e.pid)
    assert [(e.pid, e.state) for e in table] == [(12, "S"), (14, "Z")]
