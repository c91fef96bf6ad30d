"""The command line's conventions: help listing every command, --version, one error format, suggestions."""

from __future__ import annotations

import importlib.metadata
import platform
import shutil
from pathlib import Path

import pytest

from grader import __version__
from grader import cli


@pytest.fixture
def root_env(fixture_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the adder catalogue (learner commands write `.grade/` beside `exercises/`)."""
    root = tmp_path / "root"
    shutil.copytree(fixture_root, root, ignore=shutil.ignore_patterns(".grade"))
    monkeypatch.setenv("GRADER_ROOT", str(root))
    return root


def test_every_command_has_a_parser_a_handler_and_a_summary() -> None:
    parsers = cli.build_parsers()
    assert set(parsers) == set(cli.HANDLERS) == {"grade", *cli.COMMANDS}
    for name, parser in parsers.items():
        assert parser.description and "\n" not in parser.description, name


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_every_command_with_its_summary(flag: str, capsys) -> None:
    assert cli.main([flag]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: grade [-h] [--version] EXERCISE|COMMAND")
    parsers = cli.build_parsers()
    for name in ("EXERCISE", *cli.COMMANDS):
        description = parsers["grade" if name == "EXERCISE" else name].description
        assert any(line.split() == [name, *str(description).split()] for line in out.splitlines()), name
    assert "--version" in out and "130" in out


@pytest.mark.parametrize("command", cli.COMMANDS)
def test_each_command_has_its_own_help(command: str, capsys) -> None:
    assert cli.main([command, "--help"]) == 0
    assert capsys.readouterr().out.startswith(f"usage: grade {command} ")


def test_grade_exercise_help(capsys) -> None:
    assert cli.main(["04", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: grade ") and "--submission" in out and "EXERCISE" in out


def test_version_prints_the_grader_and_python_versions(capsys) -> None:
    assert cli.main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out == f"grade (concurrency-kata-grader) {importlib.metadata.version('concurrency-kata-grader')}, " + (
        f"{platform.python_implementation()} {platform.python_version()}\n"
    )


def test_version_falls_back_to_the_source_tree(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert cli.main(["--version"]) == 0
    assert f") {__version__}, " in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message", "usage"),
    [
        (["list", "--jsn"], "unrecognized arguments: --jsn", "usage: grade list "),
        (["hint"], "the following arguments are required: exercise", "usage: grade hint "),
        (["verify", "--runs", "0"], "argument --runs: must be 1 or more", "usage: grade verify "),
        (["1", "--seed", "-3"], "argument --seed: must be 0 or more", "usage: grade [-h] [--submission"),
        ([], "name an exercise or a command (grade --help lists them)", "usage: grade [-h] [--version] "),
        (["show", "99"], "unknown exercise '99'", "usage: grade show "),
    ],
)
def test_one_error_format_then_the_usage_of_the_command(
    root_env: Path, argv: list[str], message: str, usage: str, capsys
) -> None:
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    first, second, *rest = captured.err.splitlines()
    assert first.startswith(f"grade: error: {message}")
    assert captured.err.count("grade: error:") == 1 and "error: grade" not in captured.err
    assert second.startswith(usage)
    assert all(line.startswith(" ") for line in rest)  # the usage line, wrapped
    assert captured.out == ""


@pytest.mark.parametrize(
    ("argv", "suggested"),
    [
        (["lsit"], "list"),
        (["lsit", "--json"], "list"),  # fails as grade EXERCISE's arguments first
        (["verfiy"], "verify"),
        (["exrcise-01"], "exercise-01"),
        (["addr"], "adder"),
    ],
)
def test_a_mistyped_command_or_exercise_gets_a_suggestion(
    root_env: Path, argv: list[str], suggested: str, capsys
) -> None:
    assert cli.main(argv) == 2
    first, second = capsys.readouterr().err.splitlines()
    assert first == f"grade: error: unknown command or exercise {argv[0]!r}; did you mean {suggested!r}?"
    assert second.startswith("usage: grade [-h] [--version] EXERCISE|COMMAND")


def test_nothing_close_points_to_help_and_list(root_env: Path, capsys) -> None:
    assert cli.main(["xyzzy"]) == 2
    assert "unknown command or exercise 'xyzzy' (grade --help lists the commands" in capsys.readouterr().err


def test_a_command_after_options_is_told_to_come_first(root_env: Path, capsys) -> None:
    assert cli.main(["--root", str(root_env), "list"]) == 2
    assert "grade: error: 'list' is a command: name it first (grade list --root DIR ...)" in capsys.readouterr().err


def test_a_command_taking_an_exercise_suggests_one(root_env: Path, capsys) -> None:
    assert cli.main(["hint", "addr"]) == 2
    first, second = capsys.readouterr().err.splitlines()
    assert first == "grade: error: unknown exercise 'addr'; did you mean 'adder'?"
    assert second.startswith("usage: grade hint ")
    assert cli.main(["verify", "exrcise-01"]) == 2
    assert "did you mean 'exercise-01'?" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["1", "01", "exercise-01", "adder", "01_adder"])
def test_every_way_of_naming_an_exercise_still_grades(root_env: Path, name: str, capsys) -> None:
    solution = root_env / "solutions" / "01_adder" / "adder.py"
    assert cli.main([name, "--submission", str(solution), "--json", "-"]) == 0
    assert '"exercise": "exercise-01"' in capsys.readouterr().out
