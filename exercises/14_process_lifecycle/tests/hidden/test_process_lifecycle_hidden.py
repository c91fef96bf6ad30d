"""Hidden tests for the process lifecycle: exit codes, real children, all at once, joined, terminated, daemon."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from functools import partial
from pathlib import Path

import lifecycle
import pytest

from grader.explorer import Violation
from grader.realproc import HangWatch
from grader.testing import exact_type
from grader.testing import same
from grader.testing import show

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lifecycle_jobs_hidden as jobs  # importable by name in the children

HANG_LIMIT = 10.0  # seconds at most; every correct call here returns in well under a second
# A hang is caught sooner, once nothing has run for IDLE seconds. A child that never ends sleeps 1 s at a time,
# and one slow to die sleeps 0.5 s: both look just as idle, so IDLE stays at least three times the longest.
IDLE = 3.0
# Locks, events and shared values made for the "spawn" start method can also be handed to children started
# with "fork" or "forkserver", whichever start method the learner's code picks.
SHARED = multiprocessing.get_context("spawn")


def violation(kind, message):
    """A Violation the grader reports as `kind` outside explore() too."""
    exc = Violation(kind, message)
    exc.grader_diagnosis = {"kind": kind, "message": message}
    return exc


@pytest.fixture(autouse=True)
def no_children_left_behind():
    """Whatever a test leaves running is stopped, so that it cannot disturb the next test."""
    yield
    for p in multiprocessing.active_children():
        p.terminate()
    for p in multiprocessing.active_children():
        p.join(2)
        if p.is_alive():
            p.kill()
            p.join(2)


def kill(pid_value):
    """Kill the child whose pid is in `pid_value` (0 until it has started)."""
    pid = pid_value.value
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def watchdog(pid_value):
    """Kills the child whose pid is in `pid_value` once the learner's call hangs: as soon as nothing has run for
    IDLE seconds in this process and its children, at the latest after HANG_LIMIT seconds. Killing it is enough
    to end the call, which only waits for that child. `fired` and `how` tell after the with block."""
    return HangWatch(partial(kill, pid_value), limit=HANG_LIMIT, idle=IDLE)


def codes(out, where):
    """The exit codes run_jobs returned, as a list: a plain list or tuple of ints (None: a child not waited for)."""
    assert out is not None, f"{where} returned None: return the list of the children's exit codes."
    assert type(out) in (list, tuple), f"{where} returned {show(out)}; return the list of the children's exit codes."
    return list(
        exact_type(
            out,
            type(out)[int | None, ...] if type(out) is tuple else list[int | None],
            f"the exit codes {where} returned",
        )
    )


def call(func, *args, where):
    """Call the learner's function; a job's sys.exit() reaching it means the job ran in this very process."""
    try:
        return func(*args)
    except SystemExit as exc:
        raise violation(
            "serialized",
            f"{where}: a job ran inside the grader's own process instead of a child (its sys.exit({exc.code!r}) "
            "came out of your function). Hand the function itself to the child: "
            "Process(target=func), not Process(target=func()), and never call func() in the parent.",
        ) from None


def started_forever_child(target):
    pid_value = SHARED.Value("i", 0)
    ready = SHARED.Event()
    p = multiprocessing.Process(target=target, args=(pid_value, ready))
    p.start()
    assert ready.wait(10), "The grader's own child process did not start (not a problem of your code)."
    return p, pid_value


@pytest.mark.points(1)
def test_module_api():
    for name in ("run_jobs", "stop_forever", "start_daemon"):
        assert callable(getattr(lifecycle, name, None)), f"lifecycle.py must define a function {name}."
    out = codes(call(lifecycle.run_jobs, [], where="run_jobs([])"), "run_jobs([])")
    assert out == [], f"run_jobs([]) (no jobs at all) must return [], got {out!r}."


@pytest.mark.points(2)
def test_exit_codes_in_the_order_of_funcs():
    funcs = [partial(jobs.exit_with, 3), jobs.fail, partial(jobs.exit_with, 0), jobs.kill_self]
    where = "run_jobs([exits with 3, raises an exception, exits with 0, is killed by SIGKILL])"
    out = codes(call(lifecycle.run_jobs, funcs, where=where), where)
    if None in out:
        raise AssertionError(
            f"{where} returned {out!r}: an exit code of None means that child had not been waited for. "
            "Call p.join() on every child before you read p.exitcode."
        )
    assert out == [3, 1, 0, -signal.SIGKILL], (
        f"{where} returned {out!r}, expected [3, 1, 0, -9]: sys.exit(n) gives exit code n, an uncaught "
        "exception 1, death by signal N gives -N. Return p.exitcode of each child, in the order of funcs."
    )


@pytest.mark.points(2)
def test_jobs_run_in_child_processes(tmp_path):
    record = tmp_path / "pids.txt"
    record.touch()
    funcs = [partial(jobs.exit_with, 0, str(record)), partial(jobs.exit_with, 5, str(record))]
    where = "run_jobs([two jobs that note their pid])"
    out = codes(call(lifecycle.run_jobs, funcs, where=where), where)
    pids = [int(line) for line in record.read_text().split()]
    if os.getpid() in pids:
        raise violation(
            "serialized",
            f"{where}: a job ran in the grader's own process (pid {os.getpid()}), not in a child. "
            "Start a multiprocessing.Process(target=func) for every function.",
        )
    assert out == [0, 5], (
        f"{where} returned {out!r}, expected [0, 5]. None means a child had not been waited for with p.join()."
    )
    assert len(pids) == 2 and len(set(pids)) == 2, (
        f"{where}: the jobs ran in processes {pids}, expected two different child processes, one per job."
    )


@pytest.mark.points(2)
def test_all_children_run_at_the_same_time():
    barrier = SHARED.Barrier(3)
    funcs = [partial(jobs.meet, barrier) for _ in range(3)]
    where = "run_jobs([three jobs that wait for each other])"
    out = codes(call(lifecycle.run_jobs, funcs, where=where), where)
    if jobs.MISSED in out:
        raise violation(
            "serialized",
            f"{where} returned {out!r}: the three jobs were never running at the same time (each one waited "
            f"{jobs.BARRIER_TIMEOUT:g} s for the others in vain). Start every child first, then join them all "
            "in a second loop; p.start(); p.join() in one loop runs them one after the other.",
        )
    assert out == [0, 0, 0], f"{where} returned {out!r}, expected [0, 0, 0]."


@pytest.mark.points(1)
def test_no_child_is_left_running():
    funcs = [partial(jobs.slow_exit, 0.3, 0), partial(jobs.slow_exit, 0.3, 2)]
    where = "run_jobs([two jobs that take 0.3 s])"
    out = call(lifecycle.run_jobs, funcs, where=where)
    running = [p.pid for p in multiprocessing.active_children()]
    if running:
        raise violation(
            "leaked_process",
            f"{where} returned {show(out)} while {len(running)} of its children were still running. "
            "run_jobs must wait for every child with p.join() before it returns.",
        )
    out = codes(out, where)
    assert out == [0, 2], f"{where} returned {out!r}, expected [0, 2]."


def stop(target, where):
    p, pid_value = started_forever_child(target)
    with watchdog(pid_value) as dog:
        code = lifecycle.stop_forever(p)
    if dog.fired:
        raise violation(
            "timeout",
            f"{where}: stop_forever(p) was stuck ({dog.how}), so the grader killed the child. "
            "A child that never ends by itself must be told to stop: call p.terminate() before p.join().",
        )
    return p, code


@pytest.mark.points(1)
def test_stop_forever_terminates_the_child():
    where = "a child that sleeps forever"
    p, code = stop(jobs.forever, where)
    assert same(code, -signal.SIGTERM), (
        f"{where}: stop_forever(p) returned {show(code)}, expected {-signal.SIGTERM} (killed by SIGTERM). "
        "Stop it with p.terminate(), wait with p.join(), then return p.exitcode."
    )
    assert not p.is_alive(), f"{where}: the child is still alive after stop_forever(p) returned."


@pytest.mark.points(1)
def test_stop_forever_waits_until_the_child_is_gone():
    where = "a child that needs half a second to clean up after SIGTERM"
    p, code = stop(jobs.forever_slow_to_die, where)
    if p.is_alive():
        raise violation(
            "leaked_process",
            f"{where}: stop_forever(p) returned {show(code)} while the child was still alive. terminate() only "
            "sends the signal; p.join() waits until the child has really ended.",
        )
    assert same(code, -signal.SIGTERM), (
        f"{where}: stop_forever(p) returned {show(code)}, expected {-signal.SIGTERM}. p.exitcode is None until "
        "the child has been waited for: call p.join() after p.terminate() and before reading p.exitcode."
    )


@pytest.mark.points(1)
def test_start_daemon_returns_a_running_daemon():
    pid_value = SHARED.Value("i", 0)
    ready = SHARED.Event()
    with watchdog(pid_value) as dog:
        p = lifecycle.start_daemon(partial(jobs.forever, pid_value, ready))
    if dog.fired:
        raise violation(
            "timeout",
            f"start_daemon(func) with a func that never ends was stuck ({dog.how}), so the grader killed the child. "
            "It must start the child and return at once, without join().",
        )
    assert issubclass(type(p), multiprocessing.process.BaseProcess), (
        f"start_daemon(func) returned {show(p)}; it must return the multiprocessing.Process it started."
    )
    assert ready.wait(HANG_LIMIT), "start_daemon(func) returned a process that never ran func: call p.start()."
    assert p.daemon, (
        "start_daemon(func) returned a process that is not a daemon. Set p.daemon = True (or pass daemon=True "
        "to Process) before p.start()."
    )
    assert p.is_alive(), "start_daemon(func) returned a process that is no longer running."
