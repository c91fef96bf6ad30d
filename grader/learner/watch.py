"""`grade watch`: regrade an exercise every time its file is saved, and never freeze.

Each grading is `grader.runner`'s sandboxed child with per-test and wall-clock limits, so a submission that
hangs, crashes, floods its output or forks costs one bounded grading and the loop goes on. Saves are batched
by watchfiles (debounce), the file is regraded only when its content changed (a flood of saves is one
grading per batch, an unchanged save none), and the watcher also wakes up every `POLL_MS` to compare the
content, so an event lost by the editor's save dance (write to a temporary file, rename) costs at most one
poll. The grading runs on a thread of its own and shows each test's line as the test ends; the main thread
keeps watching, and a save with new content cancels the grading in progress (the sandbox kills its tree)
and starts the next one at once, so a deadlocked version never makes the learner wait for its wall limit.
Ctrl-C (or SIGTERM) stops it cleanly: the grading in progress is cancelled the same way.
"""

from __future__ import annotations

import contextlib
import hashlib
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import watchfiles
from rich.console import Console

from grader import i18n
from grader import timing
from grader.errors import UsageError
from grader.reporters import terminal
from grader.results import CaseResult
from grader.results import GradingResult
from grader.runner import Cancelled

DEBOUNCE_MS = 1600  # longest a batch of saves is collected before grading
STEP_MS = 200  # a batch ends after this long without another change
POLL_MS = 1000  # wake up this often without events, to compare the content anyway
STOP_S = 10.0  # longest wait for a cancelled grading to end (it takes a fraction of a second)


def digest(path: Path) -> str | None:
    """The content hash of `path`, None while it does not exist (an editor between delete and rename)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def ticks(path: Path) -> Iterator[object]:
    """One item per batch of changes to `path`, and one every `POLL_MS` without any."""
    name = path.name

    def only_the_file(_change: watchfiles.Change, changed: str) -> bool:
        return Path(changed).name == name

    yield from watchfiles.watch(
        path.parent,
        watch_filter=only_the_file,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        rust_timeout=POLL_MS,
        yield_on_timeout=True,
        recursive=False,
    )


Grade = Callable[[threading.Event, Callable[[CaseResult], None]], GradingResult]


def _ignore(_case: CaseResult) -> None:
    pass


@dataclass
class Loop:
    """Grades `path` whenever its content differs from what was graded last.

    `grade(cancel, on_case)` runs one grading, calling `on_case` as each test ends, and raises
    `runner.Cancelled` once `cancel` is set; `show_case` is that `on_case`, `show` gets the finished result.
    """

    path: Path
    grade: Grade
    show: Callable[[GradingResult], None]
    say: Callable[[str], None]
    fatal: tuple[type[Exception], ...] = ()  # grader failures that end the loop (e.g. isolation unavailable)
    show_case: Callable[[CaseResult], None] = _ignore
    last: str | None = None
    missing_said: bool = False

    def claim(self) -> bool:
        """Whether the content changed since it was last claimed (and claim it); says once that it is missing."""
        current = digest(self.path)
        if current is None:
            if not self.missing_said:
                self.say(i18n.t("watch.missing", path=self.path))
                self.missing_said = True
            return False
        self.missing_said = False
        if current == self.last:
            return False
        self.last = current
        return True

    def grade_now(self, cancel: threading.Event) -> bool:
        """Grade and show the result; False when `cancel` stopped the grading."""
        try:
            result = self.grade(cancel, self.show_case)
        except Cancelled:
            return False
        except UsageError as exc:
            self.say(f"not graded: {exc}")
            return True
        except self.fatal:
            raise
        except Exception as exc:  # a grader fault must not end the learner's loop; it is printed for a report
            traceback.print_exc(file=sys.stderr)
            self.say(f"grade: internal error: the grader itself failed ({type(exc).__name__}: {exc}); still watching")
            return True
        self.show(result)
        return True

    def step(self) -> bool:
        """Grade (to the end) if the content changed; True when a grading (or an attempt) happened."""
        if not self.claim():
            return False
        self.grade_now(threading.Event())
        return True


class _Background:
    """The grading in progress, on a thread of its own, so that the main thread goes on watching the file."""

    def __init__(self, loop: Loop, watching: str) -> None:
        self.loop = loop
        self.watching = watching
        self.thread: threading.Thread | None = None
        self.cancel = threading.Event()
        self.error: BaseException | None = None

    def start(self) -> None:
        self.cancel = threading.Event()
        self.thread = threading.Thread(target=self._grade, args=(self.cancel,), name="grade-watch", daemon=True)
        self.thread.start()

    def _grade(self, cancel: threading.Event) -> None:
        try:
            if self.loop.grade_now(cancel) and not cancel.is_set():
                self.loop.say(self.watching)
        except BaseException as exc:  # a fatal grader failure: raised in the main thread by `check`
            self.error = exc

    def check(self) -> None:
        """Raise what ended the last grading's thread, if anything did."""
        error, self.error = self.error, None
        if error is not None:
            raise error

    def stop(self) -> None:
        """Cancel the grading in progress and wait until its processes are gone (at most `STOP_S`; a further
        Ctrl-C meanwhile does not cut that short, or the tree would outlive the watcher)."""
        self.cancel.set()
        deadline = timing.monotonic() + STOP_S
        while self.thread is not None and self.thread.is_alive() and timing.monotonic() < deadline:
            with contextlib.suppress(KeyboardInterrupt):
                self.thread.join(0.1)

    def wait(self) -> None:
        """Let the grading in progress finish."""
        if self.thread is not None:
            self.thread.join()
        self.check()


def case_printer(console: Console) -> Callable[[CaseResult], None]:
    """Prints each test's line in the terminal report's format as the test ends (names padded as they come)."""
    width = 0

    def show(case: CaseResult) -> None:
        nonlocal width
        width = max(width, len(terminal.short_name(case.name)))
        console.print(terminal.case_line(case, width))

    return show


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the loop like Ctrl-C, so the sandbox's cleanup runs either way."""

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(loop: Loop, wakeups: Iterable[object], watching: str) -> bool:
    """Grade once, then after every wakeup whose content changed, cancelling a grading still in progress,
    until Ctrl-C; `watching` is said after each finished grading. True when Ctrl-C (or SIGTERM) ended it,
    False when the wakeups ran out (after the last grading finished)."""
    grading = _Background(loop, watching)
    with _terminate_as_interrupt():
        try:
            if loop.claim():
                grading.start()
            else:
                loop.say(watching)
            for _ in wakeups:
                grading.check()
                if loop.claim():
                    grading.stop()
                    grading.check()
                    grading.start()
            grading.wait()
        except KeyboardInterrupt:
            grading.stop()
            loop.say(i18n.t("watch.stopped"))
            return True
        finally:
            grading.stop()
    return False
