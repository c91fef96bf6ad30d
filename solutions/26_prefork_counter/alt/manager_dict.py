"""The count kept by a multiprocessing.Manager: a shared dict proxy plus a manager Lock."""

from __future__ import annotations

import multiprocessing
import os
import socket

_managers = []


def make_counter():
    """A dict and a lock held by a Manager's server process; every worker talks to them through proxies."""
    manager = multiprocessing.Manager()
    _managers.append(manager)  # keep the manager (and its process) alive as long as the module
    return manager.dict(hits=0), manager.Lock()


def handle(path, counter):
    """Answer one request path: /count adds a hit, /total reports all hits; None for anything else."""
    hits, lock = counter
    if path == "/count":
        # Each proxy call is safe on its own, but `hits["hits"] += 1` is two calls
        # (a get and a set): the lock keeps another worker out from between them.
        with lock:
            hits["hits"] += 1
        return f"counted by worker {os.getpid()}"
    if path == "/total":
        return str(hits["hits"])
    return None


def _read_request(conn):
    """The path of a `GET /path HTTP/1.0` request, after reading its headers; None if it is not one."""
    with conn.makefile("rb") as f:
        first = f.readline(1024).decode("latin-1").split()
        while True:
            line = f.readline(1024)
            if not line or line in (b"\r\n", b"\n"):
                break
    if len(first) >= 2 and first[0] == "GET":
        return first[1]
    return None


def serve(listener, counter):
    """A worker's life: accept one connection, answer its one request, close it, and again, forever."""
    while True:
        conn, _ = listener.accept()
        with conn:
            path = _read_request(conn)
            body = handle(path, counter) if path else None
            status = "200 OK" if body is not None else "404 Not Found"
            data = (body if body is not None else "not found").encode()
            head = f"HTTP/1.0 {status}\r\nContent-Type: text/plain\r\nContent-Length: {len(data)}\r\n\r\n"
            conn.sendall(head.encode() + data)


class PreforkServer:
    """The parent: binds the listening socket, then starts `workers` processes that all accept on it."""

    def __init__(self, workers=2, host="127.0.0.1", port=0):
        self.workers = workers
        self.host = host
        self.port = port
        self.listener = None
        self.counter = None
        self.processes = []

    @property
    def address(self):
        """(host, port) the server listens on."""
        return self.listener.getsockname()[:2]

    @property
    def pids(self):
        """The worker processes' pids."""
        return [p.pid for p in self.processes]

    def start(self):
        self.listener = socket.create_server((self.host, self.port), backlog=64)
        self.counter = make_counter()
        for i in range(self.workers):
            # daemon: a worker left running when the parent exits is killed with it.
            p = multiprocessing.Process(
                target=serve, args=(self.listener, self.counter), name=f"worker-{i + 1}", daemon=True
            )
            p.start()
            self.processes.append(p)
        return self

    def stop(self):
        """Stop every worker and wait until it has exited, then close the listening socket."""
        # The workers loop forever in accept(): ask them to stop, then join()
        # so that each one has really exited (and is reaped, not left a zombie).
        for p in self.processes:
            p.terminate()
        for p in self.processes:
            p.join()
        if self.listener is not None:
            self.listener.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


if __name__ == "__main__":
    import urllib.request

    with PreforkServer(workers=2) as server:
        host, port = server.address
        for _ in range(20):
            urllib.request.urlopen(f"http://{host}:{port}/count").read()
        print("total:", urllib.request.urlopen(f"http://{host}:{port}/total").read().decode())
