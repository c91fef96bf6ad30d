"""The pytest plugin that runs in the child: reports every test to the grader over the grader's channel.

Loaded with `-p grader.plugin` (docs/contracts.md section 3). It registers the `points` and `task` markers, puts
the submission first on `sys.path`, and writes `collected`, `start`, `report`, `coverage` and `finished` events
as JSON lines to the channel fd, one `os.write` per event so that a later hang or `os._exit` loses nothing
already sent. Failures are classified per contracts.md section 2: an exception's `grader_diagnosis` wins.

Under the grader, coverage.py measures which lines of the submission folder's files the tests ran (in memory,
no data file), merged with the lines the schedule explorer ran in its own threads (grader.explorer.coverage),
where coverage.py does not look.

Under the grader the nonce arrives on a pipe (`--grader-nonce-fd`) that is read and closed while pytest is
configured, before any test module (and so any learner code) is imported; it never appears on the command
line or in the environment. On SIGTERM (the first step of the grader's wall-clock ladder) the stacks of all
threads are dumped to the channel, where the grader keeps them as feedback.
"""

from __future__ import annotations

import contextlib
import errno
import faulthandler
import json
import os
import re
import signal
import socket
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import pytest

from grader import guard
from grader import i18n
from grader.linetrace import ThreadLines
from grader.procfs import process_table
from grader.results import IMPORT_ERROR_NAMES
from grader.results import NUL_SOURCE

OUTPUT_LIMIT = 8000
MESSAGE_LIMIT = 4000
COVERAGE_FILES = 16  # at most this many files of the submission folder get a `coverage` event
# Every warning coverage.py can give: none of them concerns the learner, and none may reach the test run.
COVERAGE_QUIET = [
    "already-imported", "couldnt-parse", "dynamic-conflict", "include-ignored", "module-not-imported",
    "module-not-measured", "module-not-python", "no-ctracer", "no-data-collected", "no-source", "no-sysmon",
    "no-sysmon-context", "trace-changed",
]  # fmt: skip


class Channel:
    """The write end of the grader's pipe; sending never raises into the test run.

    Under the grader, events go through `grader.guard`, which alone holds the nonce; with `--grader-nonce`
    (tests of the plugin) they are written here.
    """

    def __init__(self, fd: int, nonce: str, guarded: bool = False) -> None:
        self.fd = fd
        self.nonce = "" if guarded else nonce
        self.guarded = guarded
        self.broken = False

    def send(self, event: str, **fields: Any) -> None:
        if self.broken:
            return
        if self.guarded:
            guard.send({"event": event, **fields})
            return
        line = json.dumps({"nonce": self.nonce, "event": event, **fields}, default=str) + "\n"
        data = memoryview(line.encode("utf-8", errors="replace"))
        try:
            while data:
                data = data[os.write(self.fd, data) :]
        except OSError:
            self.broken = True


@dataclass
class CaseState:
    """What the phases of one test found."""

    outcome: str = "pass"
    message: str = ""
    diagnosis: dict[str, Any] | None = None
    duration: float = 0.0
    output: str = ""


@dataclass
class SessionState:
    channel: Channel | None
    submission_dir: Path | None
    rootdir: Path
    exitstatus: int = 0
    # Threads alive before any test ran (a host's own, such as a pytest-xdist worker's): not left behind.
    threads_before: frozenset[int] = frozenset()
    # Started by the grader as its own child: only then may the plugin end the process early.
    owns_process: bool = False
    # coverage.py's Coverage while it measures; then the lines run, per file relative to the submission folder.
    cov: Any = None
    # Python 3.11: the lines threads other than the main one ran (coverage.py measures only the main thread).
    thread_lines: ThreadLines | None = None
    covered: dict[str, list[int]] = field(default_factory=dict)


session_key = pytest.StashKey[SessionState]()
# Collect reports carry no config; the child runs exactly one session, whose state this is.
_current_state: SessionState | None = None
case_key = pytest.StashKey[CaseState]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("grader", "Concurrency kata grader")
    group.addoption("--grader-channel-fd", type=int, default=None, help="File descriptor to write events to")
    group.addoption("--grader-nonce", default="", help="Nonce to put in every event")
    group.addoption("--grader-nonce-fd", type=int, default=None, help="File descriptor to read the nonce from")
    group.addoption("--grader-submission-dir", default=None, help="Folder to put first on sys.path")
    group.addoption(
        "--grader-hidden", action="append", default=[], help="A folder the submission must not read (repeatable)"
    )
    group.addoption("--grader-lang", default=i18n.DEFAULT, help="Language of the diagnoses (en or zh)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "points(n): weight of the test in the exercise's score (default 1)")
    config.addinivalue_line(
        "markers", "task(taskno): the numbered task of instructions.md the test checks (Exercism's task_id)"
    )
    i18n.set_language(str(config.getoption("grader_lang") or i18n.DEFAULT))
    fd = config.getoption("grader_channel_fd")
    submission = config.getoption("grader_submission_dir")
    submission_dir = Path(submission).resolve() if submission else None
    if submission_dir is not None:
        sys.path.insert(0, str(submission_dir))
    nonce = config.getoption("grader_nonce")
    nonce_fd = config.getoption("grader_nonce_fd")
    canaries: list[str] = []
    if nonce_fd is not None:
        nonce, canaries = _read_secret(nonce_fd)
    owned = fd is not None and nonce_fd is not None
    if owned and fd is not None and submission_dir is not None:
        # Under the grader: the nonce goes to the guard's hook and nowhere else (docs/contracts.md section 3).
        guard.install(_roots(config, submission_dir), nonce, fd, canaries)
    channel = Channel(fd, nonce, guarded=owned and submission_dir is not None) if fd is not None else None
    del nonce
    if fd is not None and nonce_fd is not None:
        # Under the grader: processes the tests start must not inherit the channel, and a SIGTERM from the
        # wall-clock limit leaves the stacks of every thread on the channel before the process dies.
        os.set_inheritable(fd, False)
        faulthandler.register(signal.SIGTERM, file=fd, all_threads=True, chain=True)
        # A forked child (multiprocessing workers, os.fork) shares neither: its stack dump on SIGTERM or a
        # stray write must not land in the middle of the parent's events.
        os.register_at_fork(after_in_child=lambda: _leave_channel(channel, fd))
    global _current_state
    state = _current_state = config.stash[session_key] = SessionState(
        channel,
        submission_dir,
        Path(config.rootpath),
        threads_before=_live_threads(),
        owns_process=fd is not None and nonce_fd is not None,
    )
    if channel is not None and submission_dir is not None and not config.option.collectonly:
        # Started before any test module, and with it the submission, is imported.
        state.cov = _start_coverage(submission_dir)
        if state.cov is not None and sys.version_info < (3, 12):
            # In place of coverage.py's tracer in new threads: one that leaves a function once all its lines ran.
            state.thread_lines = ThreadLines(str(submission_dir))
            threading.settrace(state.thread_lines.trace)
            os.register_at_fork(after_in_child=_stop_thread_lines)


def _start_coverage(submission_dir: Path) -> Any:
    """coverage.py measuring the files in `submission_dir` (in memory), or None if it cannot start."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import coverage
            import coverage.collector

            # Each Collector records the stack it was made from for coverage.py's own debugging, with
            # inspect.stack(), which reads the source of every frame: ~30 ms of every grading for nothing.
            if hasattr(coverage.collector, "short_stack"):
                coverage.collector.short_stack = lambda *args, **kwargs: ""
            cov = coverage.Coverage(
                data_file=None, config_file=False, branch=False, include=[f"{submission_dir}{os.sep}*"]
            )
            cov.set_option("run:disable_warnings", COVERAGE_QUIET)
            if sys.version_info >= (3, 12):
                # sys.monitoring reports each line once, then costs nothing: the tests' timings barely change.
                with contextlib.suppress(Exception):
                    cov.set_option("run:core", "sysmon")
            cov.start()
            # A forked child (multiprocessing workers) would go on tracing at a cost and report to no one: lines
            # run only in processes the submission starts are not measured (the HTML report says so).
            os.register_at_fork(after_in_child=lambda: _stop_quietly(cov))
            return cov
    except Exception:
        return None


def _stop_thread_lines() -> None:
    threading.settrace(None)
    sys.settrace(None)


def _stop_quietly(cov: Any) -> None:
    with contextlib.suppress(Exception), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cov.stop()


def _stop_coverage(state: SessionState) -> None:
    """Stop measuring (once) and keep the lines run of each file in the submission folder, with the explorer's."""
    cov, state.cov = state.cov, None
    if cov is None or state.submission_dir is None:
        return
    found: dict[str, set[int]] = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cov.stop()
            data = cov.get_data()
            for path in data.measured_files():
                found.setdefault(os.path.realpath(path), set()).update(data.lines(path) or ())
    except Exception:
        return
    if state.thread_lines is not None:
        for path, lines in list(state.thread_lines.lines.items()):
            found.setdefault(os.path.realpath(path), set()).update(lines)
    explored = sys.modules.get("grader.explorer.coverage")
    executed = getattr(explored, "executed", None)
    if isinstance(executed, dict):
        for path, lines in list(executed.items()):
            found.setdefault(os.path.realpath(path), set()).update(lines)
    base = os.path.realpath(state.submission_dir)
    for path, lines in sorted(found.items()):
        relative = os.path.relpath(path, base)
        outside = relative == os.pardir or relative.startswith(os.pardir + os.sep)
        if lines and not outside and len(state.covered) < COVERAGE_FILES:
            state.covered[Path(relative).as_posix()] = sorted(lines)


def _leave_channel(channel: Channel | None, fd: int) -> None:
    faulthandler.unregister(signal.SIGTERM)
    if channel is not None:
        channel.broken = True
    with contextlib.suppress(OSError):
        os.close(fd)


def _roots(config: pytest.Config, submission_dir: Path) -> guard.Roots:
    rootdir = Path(config.rootpath)
    home = os.environ.get("HOME", "")
    return guard.Roots(
        trusted=[str(Path(guard.__file__).parent)],
        workspace=str(rootdir),
        submission=str(submission_dir),
        tests=str(rootdir / "tests"),
        hidden=list(config.getoption("grader_hidden") or []),
        writable=[home, os.environ.get("TMPDIR", "")] if home else [],
    )


def _read_secret(fd: int) -> tuple[str, list[str]]:
    """The nonce and the control tests' node IDs, from the grader's pipe: JSON, or (older) the bare nonce."""
    text = _read_and_close(fd)
    if not text.startswith("{"):
        return text, []
    try:
        data = json.loads(text)
    except ValueError:
        return "", []
    canaries = data.get("canaries")
    return str(data.get("nonce", "")), [str(c) for c in canaries] if isinstance(canaries, list) else []


def _read_and_close(fd: int) -> str:
    data = b""
    try:
        while chunk := os.read(fd, 4096):
            data += chunk
    except OSError:
        pass
    finally:
        try:
            os.close(fd)
        except OSError:
            pass
    return data.decode("ascii", errors="replace").strip()


def weight_of(item: pytest.Item) -> float:
    marker = item.get_closest_marker("points")
    if marker is None:
        return 1.0
    value = marker.args[0] if marker.args else marker.kwargs.get("n", 1)
    try:
        return max(float(value), 0.0)
    except (TypeError, ValueError):
        return 1.0


def task_of(item: pytest.Item) -> int | None:
    """`@pytest.mark.task(taskno=N)` (the Exercism Python track's spelling) or `task(N)`: N, a positive int."""
    marker = item.get_closest_marker("task")
    if marker is None:
        return None
    value = marker.kwargs.get("taskno", marker.args[0] if marker.args else None)
    return value if type(value) is int and value > 0 else None


def truncate(text: str, limit: int) -> str:
    """Keep the head and the tail of `text`."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}\n[... {len(text) - limit} characters cut ...]\n{text[-half:]}"


def _clean(state: SessionState, text: str) -> str:
    """Paths relative to the workspace, so messages name the learner's file as they know it."""
    if state.submission_dir is not None:
        text = text.replace(f"{state.submission_dir}{os.sep}", "")
    return text.replace(f"{state.rootdir}{os.sep}", "")


def _submission_line(state: SessionState, excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    """`file.py:LINE` of the innermost traceback entry in the submission, if any."""
    if state.submission_dir is None:
        return ""
    found = ""
    for entry in excinfo.traceback:
        path = str(entry.path)
        if path.startswith(f"{state.submission_dir}{os.sep}"):
            found = f"{Path(path).name}:{entry.lineno + 1}"
    return found


def _from_submission(state: SessionState, excinfo: pytest.ExceptionInfo[BaseException]) -> bool:
    exc = excinfo.value
    if state.submission_dir is None:
        return False
    if isinstance(exc, SyntaxError) and exc.filename:
        return str(Path(exc.filename).resolve()).startswith(str(state.submission_dir))
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        return (state.submission_dir / f"{exc.name}.py").exists()
    return bool(_submission_line(state, excinfo))


def _names_submission(state: SessionState, text: str) -> bool:
    """Whether a collection error is an import error of the submission (not of the tests or their helpers)."""
    if state.submission_dir is None or not any(name in text for name in (*IMPORT_ERROR_NAMES, NUL_SOURCE)):
        return False
    if str(state.submission_dir) in text:
        return True
    modules = [path.stem for path in state.submission_dir.glob("*.py")]
    if any(f"No module named '{module}'" in text or f"from '{module}'" in text for module in modules):
        return True
    # A SyntaxError without a file name (NUL bytes, say), raised while a test module imports the submission.
    if NUL_SOURCE in text:  # the tests' own sources have no NUL bytes
        return True
    return "SyntaxError" in text and any(re.search(rf"^>?\s*import {module}\b", text, re.M) for module in modules)


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, pytest.fail.Exception) and str(exc).startswith("Timeout")


def diagnose(
    state: SessionState, excinfo: pytest.ExceptionInfo[BaseException], timeout: float
) -> tuple[str, dict[str, Any]]:
    """The outcome and diagnosis for a test that raised (docs/contracts.md section 2)."""
    exc = excinfo.value
    given = getattr(exc, "grader_diagnosis", None)
    if isinstance(given, dict) and given.get("kind") and given.get("message"):
        diagnosis = {
            key: value
            for key, value in given.items()
            if key in ("kind", "message", "hint", "trace", "replay", "waits_for")
        }
        diagnosis["message"] = truncate(_clean(state, str(diagnosis["message"])), MESSAGE_LIMIT)
        return ("timeout" if diagnosis["kind"] == "timeout" else "fail"), diagnosis
    where = _submission_line(state, excinfo)
    at = i18n.t("plugin.at", where=where) if where else ""
    if _is_timeout(exc):
        limit = i18n.t("plugin.limit_seconds", seconds=f"{timeout:g}") if timeout else i18n.t("plugin.limit_unknown")
        return "timeout", {
            "kind": "timeout",
            "message": i18n.t("plugin.timeout", limit=limit, at=at),
            "hint": i18n.t("plugin.timeout_hint"),
        }
    nul_source = isinstance(exc, ValueError) and str(exc) == NUL_SOURCE  # the tests' own sources have none
    if nul_source or (isinstance(exc, ImportError | SyntaxError) and _from_submission(state, excinfo)):
        detail = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        line = f"{Path(exc.filename).name}:{exc.lineno}" if isinstance(exc, SyntaxError) and exc.filename else where
        return "fail", {
            "kind": "import_error",
            "message": i18n.t(
                "plugin.import",
                desc=f"{type(exc).__name__}: {detail}",
                at=i18n.t("plugin.at", where=line) if line else "",
            ),
            "hint": i18n.t("plugin.import_hint"),
        }
    if isinstance(exc, AssertionError):
        text = _clean(state, str(exc)) or i18n.t("plugin.assertion")
        return "fail", {
            "kind": "wrong_result",
            "message": truncate(i18n.t("plugin.wrong", at=at, text=text), MESSAGE_LIMIT),
        }
    resource = _resource_diagnosis(exc, at)
    if resource is not None:
        return "fail", resource
    if isinstance(exc, NotImplementedError):
        return "fail", {"kind": "error", "message": i18n.t("plugin.todo", at=at)}
    text = _clean(state, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
    return "fail", {"kind": "error", "message": truncate(i18n.t("plugin.raised", text=text, at=at), MESSAGE_LIMIT)}


def _resource_diagnosis(exc: BaseException, at: str) -> dict[str, Any] | None:
    """Exceptions that mean the submission ran into one of the sandbox's limits."""
    if isinstance(exc, MemoryError):
        return {
            "kind": "memory_limit",
            "message": i18n.t("plugin.memory", at=at),
            "hint": i18n.t("plugin.memory_hint"),
        }
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        return {
            "kind": "output_limit",
            "message": i18n.t("plugin.output", at=at),
            "hint": i18n.t("plugin.output_hint"),
        }
    if (isinstance(exc, OSError) and exc.errno == errno.EAGAIN) or (
        isinstance(exc, RuntimeError) and "can't start new thread" in str(exc)
    ):
        return {
            "kind": "resource_limit",
            "message": i18n.t("plugin.resource", at=at),
            "hint": i18n.t("plugin.resource_hint"),
        }
    if isinstance(exc, socket.gaierror) or (
        isinstance(exc, OSError) and exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH)
    ):
        return {
            "kind": "error",
            "message": i18n.t("plugin.network", at=at),
            "hint": i18n.t("plugin.network_hint"),
        }
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """The grader's control tests run last: after the submission is imported and after every other test."""
    channel = config.stash[session_key].channel
    if channel is not None and channel.guarded:
        guard.order(items)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    state = session.config.stash[session_key]
    _pause_coverage(state)  # the submission is imported; from now on only the tests' own phases are measured
    if state.channel is not None:
        items = session.items
        state.channel.send(
            "collected", nodeids=[item.nodeid for item in items], weights=[weight_of(item) for item in items]
        )


def pytest_collectreport(report: pytest.CollectReport) -> None:
    """A test module that cannot be collected is reported as an erroring entry of its own."""
    if not report.failed:
        return
    state = _current_state
    if state is None or state.channel is None:
        return
    raw = report.longreprtext
    text = _clean(state, raw)
    kind = "import_error" if _names_submission(state, raw) else "error"
    lead = i18n.t("plugin.import_lead") if kind == "import_error" else i18n.t("plugin.tests_lead")
    state.channel.send(
        "report",
        nodeid=report.nodeid or "<collection>",
        outcome="error",
        duration=0.0,
        message=f"{lead}.",
        diagnosis={"kind": kind, "message": truncate(f"{lead}:\n{text}", MESSAGE_LIMIT)},
        output="",
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    state = item.config.stash[session_key]
    case = item.stash[case_key] = CaseState()
    if state.channel is not None:
        state.channel.send("start", nodeid=item.nodeid)
    result = yield
    if state.channel is not None:
        if state.channel.guarded:
            guard.check()  # pytest, the grader and the tests as they were: a patch is `tampering`
        state.channel.send(
            "report",
            nodeid=item.nodeid,
            outcome=case.outcome,
            duration=round(case.duration, 4),
            message=case.message,
            diagnosis=case.diagnosis,
            output=truncate(case.output, OUTPUT_LIMIT),
            task=task_of(item),
        )
    return result


def _pause_coverage(state: SessionState) -> None:
    if state.cov is not None:
        with contextlib.suppress(Exception), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            state.cov.stop()


def _resume_coverage(state: SessionState) -> None:
    if state.cov is not None:
        with contextlib.suppress(Exception), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            state.cov.start()
        if state.thread_lines is not None:
            threading.settrace(state.thread_lines.trace)


@contextlib.contextmanager
def _measured(item: pytest.Item) -> Iterator[None]:
    """coverage.py traces the main thread only while a test's setup, call or teardown runs: its tracer also
    sees every call of pytest's own (collecting, reporting, formatting failures), which cost more than the
    tests themselves on a submission that fails fast."""
    state = item.config.stash[session_key]
    _resume_coverage(state)
    try:
        yield
    finally:
        _pause_coverage(state)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> Any:
    with _measured(item):
        return (yield)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    with _measured(item):
        return (yield)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    with _measured(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report: pytest.TestReport = yield
    case = item.stash.get(case_key, None)
    if case is None:
        return report
    state = item.config.stash[session_key]
    case.duration += report.duration
    if call.when == "teardown":
        case.output = _clean(state, report.capstdout + report.capstderr)
    if case.outcome != "pass" or report.passed:
        return report
    timeout = float(item.config.getoption("timeout", 0) or 0)
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        case.outcome = "fail"
        case.diagnosis = {"kind": "error", "message": i18n.t("plugin.skipped", reason=reason)}
    elif call.excinfo is not None:
        outcome, case.diagnosis = diagnose(state, call.excinfo, timeout)
        case.outcome = outcome if call.when == "call" or outcome == "timeout" else "error"
    else:
        case.outcome = "error"
        case.diagnosis = {"kind": "error", "message": truncate(_clean(state, report.longreprtext), MESSAGE_LIMIT)}
    if call.when != "call" and case.diagnosis is not None:
        case.diagnosis["message"] = i18n.t("plugin.in_phase", phase=call.when, message=case.diagnosis["message"])
    case.message = str(case.diagnosis["message"]).splitlines()[0] if case.diagnosis else ""
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash[session_key]
    state.exitstatus = int(exitstatus)
    _stop_coverage(state)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Send `coverage` (one event per measured file), then `finished`, then leave at once.

    Everything the grader needs has been sent. If the submission left threads or processes behind, a normal
    interpreter exit would join them (non-daemon threads, an unclosed Pool's workers and handler threads) and
    can hang until the wall limit; the sandbox sweeps and reports what is left instead.
    """
    state = config.stash.get(session_key, None)
    if state is None or state.channel is None:
        return
    _stop_coverage(state)
    if state.channel.guarded:
        guard.check()
    for file, lines in state.covered.items():
        state.channel.send("coverage", file=file, lines=lines)
    state.channel.send("finished", exitstatus=state.exitstatus, leaked=_leaked_processes())
    if state.owns_process and _left_behind(state.threads_before):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(state.exitstatus)


def _live_threads() -> frozenset[int]:
    return frozenset(id(t) for t in threading.enumerate() if t.is_alive())


def _left_behind(threads_before: frozenset[int]) -> bool:
    """Threads (daemon or not) started during the session, or child processes, still alive: interpreter exit
    could wait on them."""
    main = threading.main_thread()
    if any(t is not main and t.is_alive() and id(t) not in threads_before for t in threading.enumerate()):
        return True
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is None:
        return False
    try:
        return bool(multiprocessing.active_children())
    except Exception:
        return False


def _helper_pids() -> set[int]:
    """multiprocessing's own helper processes (resource tracker, fork server): not the submission's doing."""
    found: set[int] = set()
    for module, attr, pid_attr in (
        ("multiprocessing.resource_tracker", "_resource_tracker", "_pid"),
        ("multiprocessing.forkserver", "_forkserver", "_forkserver_pid"),
    ):
        holder = getattr(sys.modules.get(module), attr, None)
        pid = getattr(holder, pid_attr, None)
        if isinstance(pid, int):
            found.add(pid)
    return found


def _leaked_processes() -> list[str]:
    """Command lines of processes the tests left running: descendants of this process, or, alone in a pid
    namespace (pid 2 under the sandbox's init), every other process."""
    me = os.getpid()
    table = {e.pid: (e.ppid, e.command) for e in process_table() if e.state not in ("Z", "X")}
    alone = os.getppid() == 1 and me == 2
    ignored = _helper_pids() | {me, 1}
    found: list[str] = []
    for pid, (ppid, command) in sorted(table.items()):
        if pid in ignored:
            continue
        ancestor, hops = ppid, 0
        while ancestor not in (me, 0, 1) and ancestor in table and hops < 64:
            ancestor, hops = table[ancestor][0], hops + 1
        if alone or ancestor == me:
            found.append(f"{pid} {command}")
    return found
