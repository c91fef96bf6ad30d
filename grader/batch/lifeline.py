"""Pool workers that end with the process that started them, and stop a grading cleanly when they end.

A worker that outlived a `kill -9`ed batch would go on grading for nobody, and would keep multiprocessing's
resource tracker alive too (it runs until every holder of its pipe is gone). So `tie`, the pool's initializer,
asks Linux to send the worker SIGHUP when its parent ends (`PR_SET_PDEATHSIG`), then checks that the parent is
still the one that started it, in case it died before the request took effect. SIGHUP, SIGTERM and SIGINT (the
parent's own Ctrl-C reaches the workers too) stop the worker: between gradings at once, during one by raising
`Stopped` in the grading, so that the sandbox's cleanup kills the grading's child tree, and then `call` ends the
process. Python drops an exception raised where it cannot propagate (a fork hook while the sandbox starts its
child, a finaliser), so while a child of the worker still runs after a stop, the stop is raised again; a
cleanup under way has killed that child first, so it is not interrupted. After `GRACE` seconds the worker ends
regardless. Elsewhere than Linux, only the check before each job applies.

Linux sends the parent-death signal when the *thread* that started the worker ends, even if the process lives
on; a SIGHUP while the parent is still there is therefore ignored.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any
from typing import TypeVar

from grader import procfs
from grader import timing

PR_SET_PDEATHSIG = 1
GRACE = 10.0  # seconds a stopped grading has for its cleanup before the worker ends regardless
RETRY = 0.5  # seconds after which a stop whose grading still has its child running is raised again
ORPHANED = 128 + signal.SIGHUP  # the worker's exit code when its parent had already gone

T = TypeVar("T")
A = TypeVar("A")

_parent: int | None = None
_busy = False
_stopped_by = 0  # the signal that stopped a grading, once one has
_again = False  # the watcher found the stop dropped: the next signal raises it again


class Stopped(BaseException):
    """Raised in a worker's grading when the worker must end (not an Exception: nothing may swallow it)."""


def tie(parent: int) -> None:
    """Pool initializer: end this worker when `parent` ends (Linux), and stop cleanly on SIGTERM or SIGINT."""
    global _parent
    _parent = parent
    signal.signal(signal.SIGTERM, _on_stop)
    signal.signal(signal.SIGINT, _on_stop)
    signal.signal(signal.SIGHUP, _on_hangup)
    sys.unraisablehook = _quiet_about_stops(sys.unraisablehook)
    _death_signal(signal.SIGHUP)
    if os.getppid() != parent:  # the parent died before the request took effect: no signal will come
        os._exit(ORPHANED)


def call(function: Callable[[A], T], argument: A) -> T:
    """Run one job in a tied worker; when the worker is stopped, end it once the job's cleanup has run."""
    global _busy
    if _parent is not None and os.getppid() != _parent:
        os._exit(ORPHANED)
    _busy = True
    try:
        return function(argument)
    except Stopped:
        os._exit(128 + _stopped_by)
    finally:
        _busy = False


def _death_signal(signum: int) -> bool:
    """Ask Linux to send `signum` when the parent ends; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _on_hangup(signum: int, frame: FrameType | None) -> None:
    if os.getppid() == _parent:  # the thread that started this worker ended; its process is still there
        return
    _on_stop(signum, frame)


def _on_stop(signum: int, _frame: FrameType | None) -> None:
    global _stopped_by, _again
    if not _busy:
        os._exit(128 + signum)
    if _stopped_by and not _again:  # a later signal must not interrupt the cleanup the first one started
        return
    _again = False
    if not _stopped_by:
        _stopped_by = signum
        watcher = threading.Thread(target=_watch, args=(signum,), name="lifeline", daemon=True)
        with contextlib.suppress(RuntimeError):
            watcher.start()
    raise Stopped


def _watch(signum: int) -> None:
    """After a stop: raise it again while a child still runs (it was dropped), and end the worker after GRACE."""
    global _again
    main = threading.main_thread().ident
    waited = 0.0
    while waited < GRACE:
        timing.sleep(RETRY)
        waited += RETRY
        if main is not None and _running_children():
            _again = True
            with contextlib.suppress(OSError, ValueError):
                signal.pthread_kill(main, signum)
    os._exit(128 + signum)


def _running_children() -> bool:
    me = os.getpid()
    return any(entry.ppid == me and entry.state not in ("Z", "X") for entry in procfs.process_table())


def _quiet_about_stops(previous: Callable[[Any], object]) -> Callable[[Any], None]:
    """An unraisable hook that says nothing of a dropped `Stopped` (it is raised again) and passes on the rest."""

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, Stopped):
            previous(unraisable)

    return hook
