from __future__ import annotations

from pathlib import Path

from grader import workspace
from grader.catalog import Exercise


def test_layout_and_removal(adder: Exercise, submissions: Path) -> None:
    with workspace.build(adder, submissions / "partial.py") as ws:
        root = ws.root
        assert (ws.submission_dir / "adder.py").read_text() == (submissions / "partial.py").read_text()
        assert sorted(p.name for p in ws.submission_dir.iterdir()) == ["adder.py"]
        assert (ws.tests_dir / "visible" / "test_adder_visible.py").is_file()
        assert (ws.tests_dir / "hidden" / "test_adder_hidden.py").is_file()
        assert ws.home.is_dir()
    assert not root.exists()


def test_removal_survives_read_only_dirs_and_does_not_follow_symlinks(adder: Exercise, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    with workspace.build(adder, adder.stub) as ws:
        root = ws.root
        (ws.home / "link").symlink_to(outside)
        locked = ws.home / "locked"
        locked.mkdir()
        (locked / "file").write_text("x")
        locked.chmod(0o500)
    assert not root.exists()
    assert (outside / "keep.txt").read_text() == "keep"
