"""Hidden tests for the pre-forked counter: real worker processes on 127.0.0.1, and the counter's lock explored."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket

import prefork_counter
import pytest

from grader.explorer import Violation
from grader.testing import same
from grader.testing import show

#: Seconds a client waits for a reply: generous, a healthy worker answers in milliseconds.
REPLY_TIMEOUT = 8


def violation(kind, message):
    """A Violation raised straight from a test: the grader reports it as `kind`."""
    return Violation(kind, message)


_started = []


@pytest.fixture(autouse=True)
def no_workers_left_behind():
    yield
    for server in _started:
        for pid in _pids_of(server):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            server.listener.close()
    _started.clear()
    for p in multiprocessing.active_children():
        p.kill()
        p.join(2)


def _pids_of(server):
    try:
        # Plain ints only: int() of a lying object gives a real int that names no worker.
        return [pid for pid in server.pids if type(pid) is int]
    except Exception:
        return []


def start_server(workers=2):
    server = prefork_counter.PreforkServer(workers=workers)
    _started.append(server)
    out = server.start()
    assert out is server, "PreforkServer.start() should return the server itself (so `with` and chaining work)."
    return server


def send(conn, path):
    conn.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())


def receive(conn, path):
    chunks = []
    while True:
        try:
            chunk = conn.recv(4096)
        except TimeoutError:
            raise violation(
                "serialized",
                f"GET {path} got no reply within {REPLY_TIMEOUT} s while another client held a connection "
                "open. Each worker serves one connection at a time, so with two workers two clients must be "
                "served at once: are both worker processes started, and still alive?",
            ) from None
        except ConnectionError as exc:
            raise AssertionError(
                f"GET {path}: the server dropped the connection ({exc!r}). Did handle() raise an exception "
                "in the worker? A worker that crashes stops serving."
            ) from None
        if not chunk:
            break
        chunks.append(chunk)
    raw = b"".join(chunks).decode("latin-1")
    head, _, body = raw.partition("\r\n\r\n")
    assert head.startswith("HTTP/1.0 200"), f"GET {path} answered {head.splitlines()[:1] or raw!r}, expected 200 OK."
    return body


def connect(server):
    return socket.create_connection(tuple(server.address), timeout=REPLY_TIMEOUT)


def get(server, path):
    with connect(server) as conn:
        send(conn, path)
        return receive(conn, path)


def counted_pid(body, path="/count"):
    parts = body.split()
    assert body.startswith("counted by worker ") and len(parts) == 4 and parts[3].isdigit(), (
        f"GET {path} answered {body!r}; expected 'counted by worker PID' with the worker's os.getpid()."
    )
    return int(parts[3])


def count_on_every_worker(server, rounds):
    """Send /count on `workers` connections held open at once: every worker must serve one of them.

    Each worker serves one connection at a time, so while one connection is open and unanswered the
    others can only be served by other workers. Returns the set of pids that answered.
    """
    pids = set()
    n = server.workers
    for _ in range(rounds):
        conns = [connect(server) for _ in range(n)]
        try:
            served = []
            for conn in reversed(conns):
                send(conn, "/count")
                served.append(counted_pid(receive(conn, "/count")))
        finally:
            for conn in conns:
                conn.close()
        if len(set(served)) != n:
            raise violation(
                "serialized",
                f"{n} connections held open at once were answered by the processes {sorted(set(served))}, not by "
                f"{n} different workers. Keep the workers separate processes that each serve one connection.",
            )
        pids |= set(served)
    return pids


def check_total(server, expected, how):
    total = get(server, "/total")
    assert total.strip() == str(expected), f"{how}, GET /total answered {total!r} instead of {expected!r}. " + (
        "Hits went missing. Either each worker process counted only its own hits (after fork, a "
        "module-level variable is a separate copy in every worker: keep the count in shared memory made "
        "by make_counter() before the workers start), or two workers read the same old count and one "
        "write was lost (hold the counter's lock around the whole `+= 1`)."
        if total.strip().isdigit() and 0 <= int(total) < expected
        else "More hits than requests: the count outlived the previous servers. It must live in the "
        "counter make_counter() returns (a new one for every server), not in a module global."
        if total.strip().isdigit() and int(total) > expected
        else "Every /count must add exactly one hit to the one counter all workers share."
    )


# -- one process ------------------------------------------------------------------------------


@pytest.mark.points(1)
def test_handle_counts_in_one_process():
    counter = prefork_counter.make_counter()
    assert same(prefork_counter.handle("/total", counter), "0"), "A new counter should report /total as '0'."
    for i in range(1, 4):
        body = prefork_counter.handle("/count", counter)
        assert same(body, f"counted by worker {os.getpid()}"), (
            f"handle('/count', counter) returned {show(body)}; expected 'counted by worker {os.getpid()}' "
            "(the pid of the process that counted)."
        )
        total = prefork_counter.handle("/total", counter)
        assert same(total, str(i)), f"After {i} call(s) of handle('/count', counter), /total returned {show(total)}."
    assert prefork_counter.handle("/nowhere", counter) is None, "handle() should return None for an unknown path."


@pytest.mark.points(1)
def test_counters_are_independent():
    a = prefork_counter.make_counter()
    b = prefork_counter.make_counter()
    prefork_counter.handle("/count", a)
    prefork_counter.handle("/count", a)
    prefork_counter.handle("/count", b)
    got = (prefork_counter.handle("/total", a), prefork_counter.handle("/total", b))
    assert same(got, ("2", "1")), (
        f"Two counters from make_counter(), counted 2 and 1 times, report {show(got)}; expected ('2', '1'). "
        "Each make_counter() call must create a new counter: keep the count in it, not in a module global."
    )


# -- real worker processes ------------------------------------------------------------------------


@pytest.mark.points(2)
def test_total_adds_up_across_two_workers():
    server = start_server(workers=2)
    pids = count_on_every_worker(server, rounds=10)
    assert os.getpid() not in pids, (
        "/count was answered by the test's own process: the requests must be served by forked worker processes."
    )
    check_total(server, 20, "After 20 /count requests, 10 served by each of the two workers")
    server.stop()


@pytest.mark.points(1)
def test_total_adds_up_across_three_workers():
    server = start_server(workers=3)
    count_on_every_worker(server, rounds=4)
    check_total(server, 12, "After 12 /count requests, 4 served by each of three workers")
    server.stop()


@pytest.mark.points(1)
def test_many_clients_at_once():
    import threading

    server = start_server(workers=2)
    errors = []

    def client():
        try:
            counted_pid(get(server, "/count"))
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    clients = [threading.Thread(target=client) for _ in range(30)]
    for c in clients:
        c.start()
    for c in clients:
        c.join(REPLY_TIMEOUT * 3)
    if errors:
        raise errors[0]
    check_total(server, 30, "After 30 clients each sent one /count at about the same time")
    server.stop()


@pytest.mark.points(2)
def test_stop_ends_every_worker():
    server = start_server(workers=2)
    pids = _pids_of(server)
    assert len(pids) == 2 and all(pids), f"PreforkServer(workers=2).pids after start() is {pids!r}: expected 2 pids."
    count_on_every_worker(server, rounds=1)
    server.stop()
    for pid in pids:
        state = _proc_state(pid)
        if state is None:
            continue
        if state == "Z":
            raise violation(
                "leaked_process",
                f"After stop(), worker {pid} has exited but was never joined: it is left as a zombie. "
                "terminate() only sends a signal; call join() on every worker after it.",
            )
        raise violation(
            "leaked_process",
            f"After stop(), worker {pid} is still running (or has not finished exiting): the workers loop in "
            "accept() forever. In stop(), terminate() every worker process and then join() it, so that stop() "
            "returns only once they have all exited.",
        )


def _proc_state(pid):
    """The process state letter from /proc (R, S, Z, ...), or None when no such process exists."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


# -- the counter's read-modify-write, explored ------------------------------------------------------


def _explore_counts(explore, hits):
    mp = explore.multiprocessing

    def scenario(mod):
        counter = mod.make_counter()
        # Each "worker" is a process (a fork-like copy of the module) that handles one /count.
        workers = [mp.Process(target=mod.handle, args=("/count", counter)) for _ in range(hits)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        total = mod.handle("/total", counter)
        assert same(total, str(hits)), (
            f"{hits} worker processes each handled one /count on the counter from make_counter(), then /total "
            f"answered {show(total)} instead of {str(hits)!r}. The workers must all update one shared counter."
        )

    explore(scenario, module="prefork_counter", processes="isolated")


@pytest.mark.points(2)
def test_two_workers_lose_no_hit(explore):
    _explore_counts(explore, 2)


@pytest.mark.points(1)
def test_three_workers_lose_no_hit(explore):
    _explore_counts(explore, 3)
