"""grader.guard: what the child's audit hook lets a submission do, and what it ends as tampering.

The hook cannot be removed once added, so each case runs in a fresh interpreter: it installs the guard over a
workspace laid out like the grader's, runs a snippet as the submission's module, and reports the `tampering`
events the guard wrote to its pipe.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

from grader import guard

HARNESS = """
import json, os, sys, runpy
from grader import guard
ws, catalogue = sys.argv[1], sys.argv[2]
read, write = os.pipe()
roots = guard.Roots(trusted=[os.path.dirname(guard.__file__), os.path.dirname(__file__)], workspace=ws, submission=ws + "/submission",
                    tests=ws + "/tests", hidden=[catalogue], writable=[ws + "/home"])
guard.install(roots, "n" * 32, write)
os.chdir(ws)
sys.path.insert(0, ws + "/submission")
error = ""
try:
    runpy.run_path(ws + "/submission/mod.py", run_name="mod")
except Exception as exc:
    error = type(exc).__name__
guard.send({"event": "done", "error": error})
os.close(write)  # the guard keeps a copy of its own: read up to the "done" event, not to the end
events = []
with os.fdopen(read) as lines:
    for line in lines:
        events.append(json.loads(line))
        if events[-1]["event"] == "done":
            break
print(json.dumps(events))
"""


def run_as_submission(tmp_path: Path, code: str) -> tuple[list[dict[str, str]], str]:
    """The tampering events the snippet caused, and the name of the exception it ended with ("" if none)."""
    ws = tmp_path / "ws"
    for folder in ("submission", "tests/hidden", "home"):
        (ws / folder).mkdir(parents=True)
    (ws / "tests/hidden/test_x.py").write_text("def test_x():\n    pass\n")
    catalogue = tmp_path / "catalogue"
    (catalogue / "solutions").mkdir(parents=True)
    (catalogue / "solutions/answer.py").write_text("ANSWER = 42\n")
    (ws / "submission/mod.py").write_text(textwrap.dedent(code))
    harness = tmp_path / "harness" / "harness.py"  # a trusted folder of its own, as the tests' is
    harness.parent.mkdir()
    harness.write_text(HARNESS)
    done = subprocess.run(
        [sys.executable, str(harness), str(ws), str(catalogue)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    events = json.loads(done.stdout)
    assert all(e["nonce"] == "n" * 32 for e in events)
    finished = [e for e in events if e["event"] == "done"]
    assert len(finished) == 1, events
    return [e for e in events if e["event"] == "tampering"], finished[0]["error"]


ALLOWED = {
    "traceback printing": """
        import traceback
        try:
            1 / 0
        except ZeroDivisionError:
            traceback.format_exc()
            traceback.print_stack(file=open(os.devnull, "w"))
    """,
    "logging, namedtuple, dataclasses, enum, warnings": """
        import collections, dataclasses, enum, logging, warnings
        logging.getLogger("x").warning("careful")
        Point = collections.namedtuple("Point", "x y")
        @dataclasses.dataclass
        class D:
            a: int = 1
        class Colour(enum.Enum):
            RED = 1
        warnings.warn("w", stacklevel=2)
    """,
    "multiprocessing's ctypes-based Value and Array": """
        import multiprocessing
        v = multiprocessing.Value("i", 3)
        a = multiprocessing.Array("d", 4)
        v.value += 1
    """,
    "files in the workspace, its home and /tmp": """
        import tempfile
        open("out.txt", "w").write("x")
        open(os.environ.get("HOME", "home") + "/note", "w").close() if False else None
        with tempfile.NamedTemporaryFile("w") as f:
            f.write("x")
        os.remove("out.txt")
        open(os.devnull, "w").write("x")
        with open("/proc/self/comm", "w") as comm:
            comm.write("renamed")
    """,
    "removing a folder of its own with shutil.rmtree, importing a helper from the tests": """
        import shutil, sys, tempfile
        folder = tempfile.mkdtemp()
        open(folder + "/x", "w").close()
        shutil.rmtree(folder)
        sys.path.insert(0, "tests/hidden")
        import test_x
    """,
    "signals to its own child and itself (signal 0)": """
        import subprocess, signal
        child = subprocess.Popen(["sleep", "30"])
        os.kill(child.pid, signal.SIGTERM)
        child.wait()
        os.kill(os.getpid(), 0)
    """,
    "importing ctypes, compiling its own code": """
        import ctypes, json.tool
        exec(compile("y = 1", "<mine>", "exec"))
    """,
}

FORBIDDEN = {
    "gc.get_objects": ("import gc\ngc.get_objects()\n", "gc.get_objects"),
    "gc.get_referrers in a thread with a library target": (
        "import gc, threading\nt = threading.Thread(target=gc.get_referrers, args=(1,))\nt.start()\nt.join()\n",
        "gc.get_referrers",
    ),
    "sys._getframe": ("import sys\nsys._getframe(0)\n", "sys._getframe"),
    "inspect.stack": ("import inspect\ninspect.stack()\n", "sys._getframe"),
    "traceback.walk_stack": ("import traceback\nlist(traceback.walk_stack(None))\n", "sys._getframe"),
    "a traceback's frame": ("try:\n    1 / 0\nexcept Exception as e:\n    e.__traceback__.tb_frame\n", "tb_frame"),
    "a generator's frame": ("def g():\n    yield 1\ng().gi_frame\n", "gi_frame"),
    "ctypes.CDLL": ("import ctypes\nctypes.CDLL(None)\n", "ctypes"),
    "ctypes.string_at": ("import ctypes\nctypes.string_at(id(1), 8)\n", "ctypes"),
    "a new code object": ("(lambda: 1).__code__.replace(co_name='x')\n", "code object"),
    "replacing __code__": ("def f():\n    pass\nf.__code__ = (lambda: 2).__code__\n", "__code__"),
    "an audit hook": ("import sys\nsys.addaudithook(lambda *a: None)\n", "audit hook"),
    "reading the tests": ("open('tests/hidden/test_x.py').read()\n", "tests/hidden/test_x.py"),
    "reading the solutions": ("import sys\nopen(sys.argv[2] + '/solutions/answer.py').read()\n", "answer.py"),
    "writing outside the workspace": ("open('/etc/grader-guard-test', 'w')\n", "/etc/grader-guard-test"),
    "writing into the tests": ("open('tests/hidden/test_y.py', 'w')\n", "tests/hidden/test_y.py"),
    "removing the tests": ("import shutil\nshutil.rmtree('tests')\n", "removed"),
    "a path object of its own": (
        "class P:\n    def __fspath__(self):\n        return '/etc/grader-guard-p'\nopen(P(), 'w')\n",
        "/etc/grader-guard-p",
    ),
    "killing the parent": ("import os, signal\nos.kill(os.getppid(), signal.SIGCONT)\n", "did not start"),
    "killing every process": ("import os, signal\nos.kill(-1, signal.SIGCONT)\n", "did not start"),
    "code under a trusted file's name": (
        "import grader\nexec(compile('z = 1', grader.__file__, 'exec'))\n",
        "compiled",
    ),
    "sending the grader's events": (
        "from grader import guard\nguard.send({'event': 'report', 'nodeid': 'x', 'outcome': 'pass'})\n",
        "send the grader's events",
    ),
}


@pytest.mark.parametrize("code", ALLOWED.values(), ids=ALLOWED.keys())
def test_what_a_submission_may_do(tmp_path: Path, code: str) -> None:
    events, error = run_as_submission(tmp_path, "import os\n" + textwrap.dedent(code))
    assert events == []
    assert error == ""


@pytest.mark.parametrize(("code", "named"), FORBIDDEN.values(), ids=FORBIDDEN.keys())
def test_what_ends_as_tampering(tmp_path: Path, code: str, named: str) -> None:
    events, error = run_as_submission(tmp_path, code)
    assert events, "no tampering event"
    assert any(named in e["what"] for e in events), events
    where = {e["where"] for e in events}
    assert where & {"mod.py:1", "mod.py:2", "mod.py:3", "mod.py:4", "a thread your code started"}, where
    assert error in ("PermissionError", ""), error  # the call itself fails (a thread's error stays in it)


def test_a_forged_report_is_not_written(tmp_path: Path) -> None:
    code = "from grader import guard\ntry:\n    guard.send({'event': 'report', 'nodeid': 'x'})\nexcept Exception:\n    pass\n"
    ws = tmp_path
    events, _error = run_as_submission(ws, code)
    assert [e["event"] for e in events] == ["tampering"]


def test_roots_classify_frames(tmp_path: Path) -> None:
    roots = guard.Roots(
        trusted=[str(Path(guard.__file__).parent)],
        workspace=str(tmp_path),
        submission=str(tmp_path / "submission"),
        tests=str(tmp_path / "tests"),
    )
    assert roots.kind(guard.__file__) == guard.TRUSTED
    assert roots.kind(pytest.__file__) == guard.TRUSTED  # site-packages
    assert roots.kind(os.__file__) == guard.STDLIB
    assert roots.kind("<frozen importlib._bootstrap>") == guard.STDLIB
    assert roots.kind(str(tmp_path / "tests" / "test_x.py")) == guard.TRUSTED
    assert roots.kind(str(tmp_path / "submission" / "bank.py")) == guard.SUBMISSION
    assert roots.kind("<string>") == guard.SUBMISSION
    assert roots.may_write(str(tmp_path / "out.txt"))
    assert not roots.may_write(str(tmp_path / "tests" / "x.py"))
    assert not roots.may_write("/etc/passwd")
    assert roots.is_hidden(str(tmp_path / "tests" / "hidden" / "t.py"))


def test_fingerprint_names_a_patched_function(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import _pytest.runner

    fingerprint = guard.Fingerprint(str(tmp_path / "tests"))
    assert fingerprint.changed() == ""
    monkeypatch.setattr(_pytest.runner.CallInfo, "from_call", classmethod(lambda cls, *a, **k: None))
    assert fingerprint.changed() == "_pytest.runner.CallInfo.from_call"
    monkeypatch.undo()
    assert fingerprint.changed() == ""
    monkeypatch.setattr("builtins.isinstance", lambda *a: True)
    assert fingerprint.changed() == "builtins.isinstance"
    monkeypatch.undo()
    fake = types.ModuleType("_pytest.runner")
    monkeypatch.setitem(sys.modules, "_pytest.runner", fake)
    assert fingerprint.changed() == "sys.modules['_pytest.runner']"
