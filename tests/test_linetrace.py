"""grader.linetrace: lines run in threads, traced only until every line of a function has run."""

from __future__ import annotations

import sys
import threading
import types
from pathlib import Path

from grader.linetrace import ThreadLines
from grader.linetrace import lines_of

SOURCE = """\
def loop(n):
    total = 0
    for i in range(n):
        total += i
    return total


def branchy(x):
    if x:
        return 1
    return 2


def one_liner(): return 3
"""


def _module(tmp_path: Path) -> types.ModuleType:
    path = tmp_path / "sub" / "mod.py"
    path.parent.mkdir()
    path.write_text(SOURCE)
    module = types.ModuleType("mod")
    exec(compile(SOURCE, str(path), "exec"), module.__dict__)
    return module


def _in_traced_thread(tracer: ThreadLines, fn: object, *args: object) -> None:
    def body() -> None:
        sys.settrace(tracer.trace)
        try:
            fn(*args)  # type: ignore[operator]
        finally:
            sys.settrace(None)

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()


def test_lines_of_leaves_out_the_def_line_but_not_a_one_liner_body(tmp_path: Path) -> None:
    module = _module(tmp_path)
    assert lines_of(module.loop.__code__) == {2, 3, 4, 5}
    assert lines_of(module.branchy.__code__) == {9, 10, 11}
    assert lines_of(module.one_liner.__code__) in (set(), {14})  # 3.11 folds it into the def line's range


def test_a_function_is_left_alone_once_all_its_lines_ran(tmp_path: Path) -> None:
    module = _module(tmp_path)
    tracer = ThreadLines(str(tmp_path / "sub"))
    _in_traced_thread(tracer, module.loop, 1000)
    (lines,) = tracer.lines.values()
    assert lines == {2, 3, 4, 5}
    frame = types.SimpleNamespace(f_code=module.loop.__code__)
    assert tracer.trace(frame, "call", None) is None  # type: ignore[arg-type]


def test_a_function_with_a_line_not_run_stays_traced(tmp_path: Path) -> None:
    module = _module(tmp_path)
    tracer = ThreadLines(str(tmp_path / "sub"))
    _in_traced_thread(tracer, module.branchy, 0)
    assert tracer.lines[module.__dict__["branchy"].__code__.co_filename] == {9, 11}
    _in_traced_thread(tracer, module.branchy, 1)
    assert tracer.lines[module.branchy.__code__.co_filename] == {9, 10, 11}
    frame = types.SimpleNamespace(f_code=module.branchy.__code__)
    assert tracer.trace(frame, "call", None) is None  # type: ignore[arg-type]


def test_files_outside_the_folder_are_never_traced(tmp_path: Path) -> None:
    tracer = ThreadLines(str(tmp_path / "elsewhere"))
    frame = types.SimpleNamespace(f_code=test_files_outside_the_folder_are_never_traced.__code__)
    assert tracer.trace(frame, "call", None) is None  # type: ignore[arg-type]
    assert tracer.lines == {}
