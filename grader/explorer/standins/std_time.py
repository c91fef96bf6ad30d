"""Stand-in for ``time`` on a virtual clock: sleep yields, and time passes only when nothing can run."""

from __future__ import annotations

import time as _real
from typing import Any

from ..runtime import current
from ..tasks import Wait

#: The virtual wall clock starts at a fixed date so outputs are reproducible.
EPOCH = 1_700_000_000.0


def sleep(secs: float) -> None:
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    sched = current()
    me = sched.me()
    sched.step(me)
    if secs > 0:
        where = sched.where()
        sched.log(me, where, "sleep", f"sleeps {secs:g} s")
        sched.block(me, Wait("sleep", None, lambda: False, sched.now + secs, where))


def time() -> float:
    return EPOCH + current().now


def time_ns() -> int:
    return int(time() * 1e9)


def monotonic() -> float:
    return 1000.0 + current().now


def monotonic_ns() -> int:
    return int(monotonic() * 1e9)


perf_counter = monotonic
perf_counter_ns = monotonic_ns
process_time = monotonic
process_time_ns = monotonic_ns
thread_time = monotonic
thread_time_ns = monotonic_ns


def localtime(secs: float | None = None) -> _real.struct_time:
    return _real.localtime(time() if secs is None else secs)


def gmtime(secs: float | None = None) -> _real.struct_time:
    return _real.gmtime(time() if secs is None else secs)


def ctime(secs: float | None = None) -> str:
    return _real.ctime(time() if secs is None else secs)


def asctime(t: Any = None) -> str:
    return _real.asctime(localtime() if t is None else t)


def strftime(fmt: str, t: Any = None) -> str:
    return _real.strftime(fmt, localtime() if t is None else t)


def __getattr__(name: str) -> Any:
    return getattr(_real, name)
