"""`grade watch`: regrade an exercise every time its file is saved, and never freeze.

Each grading is `grader.runner`'s sandboxed child with per-test and wall-clock limits, so a submission that
hangs, crashes, floods its output or forks costs one bounded grading and the loop goes on. Saves are batched
by watchfiles (debounce), the file is regraded only when its content changed (a flood of saves is one
grading per batch, an unchanged save none), and the watcher also wakes up every `POLL_MS` to compare the
content, so an event lost by the editor's save dance (write to a temporary file, rename) costs at most one
poll. Ctrl-C (or SIGTERM) stops it cleanly: the sandbox kills the child's tree on the way out.
"""

from __future__ import annotations

import contextlib
import hashlib
import signal
import sys
import traceback
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import watchfiles

from grader.errors import UsageError
from grader.results import GradingResult

DEBOUNCE_MS = 1600  # longest a batch of saves is collected before grading
STEP_MS = 200  # a batch ends after this long without another change
POLL_MS = 1000  # wake up this often without events, to compare the content anyway


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


@dataclass
class Loop:
    """Grades `path` whenever its content differs from what was graded last."""

    path: Path
    grade: Callable[[], GradingResult]
    show: Callable[[GradingResult], None]
    say: Callable[[str], None]
    fatal: tuple[type[Exception], ...] = ()  # grader failures that end the loop (e.g. isolation unavailable)
    last: str | None = None
    missing_said: bool = False

    def step(self) -> bool:
        """Grade if the content changed; True when a grading (or an attempt) happened."""
        current = digest(self.path)
        if current is None:
            if not self.missing_said:
                self.say(f"{self.path} is missing; waiting for it to be saved again")
                self.missing_said = True
            return False
        self.missing_said = False
        if current == self.last:
            return False
        self.last = current
        try:
            result = self.grade()
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
    """Grade once, then after every wakeup whose content changed, until Ctrl-C; `watching` is said after each.
    True when Ctrl-C (or SIGTERM) ended it, False when the wakeups ran out."""
    with _terminate_as_interrupt():
        try:
            loop.step()
            loop.say(watching)
            for _ in wakeups:
                if loop.step():
                    loop.say(watching)
        except KeyboardInterrupt:
            loop.say("Stopped watching.")
            return True
    return False
