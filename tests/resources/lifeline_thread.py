"""A tied worker started from a thread that then ends must live on while its parent does.

Run by tests/test_batch_lifeline.py; prints "pong N" (N: the SIGHUPs the worker got and ignored) and exits 0.
"""

import multiprocessing
import os
import signal
import sys
import threading
import time

from grader.batch import lifeline


def worker(parent, conn):
    lifeline.tie(parent)
    hits = []
    tied = signal.getsignal(signal.SIGHUP)

    def counting(signum, frame):
        hits.append(signum)
        tied(signum, frame)

    signal.signal(signal.SIGHUP, counting)
    conn.send("ready")
    conn.send(f"pong {len(hits)}" if conn.recv() == "ping" else "?")


def main():
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    native = []

    def start():
        native.append(threading.get_native_id())
        context.Process(target=worker, args=(os.getpid(), theirs)).start()
        assert ours.recv() == "ready"  # tied before this thread ends

    thread = threading.Thread(target=start)
    thread.start()
    thread.join()
    theirs.close()
    deadline = time.monotonic() + 60
    while os.path.exists(f"/proc/self/task/{native[0]}"):  # gone: the kernel has sent the death signal
        if time.monotonic() > deadline:
            sys.exit("the starting thread never ended")
        time.sleep(0.01)
    ours.send("ping")
    try:
        print(ours.recv())
    except EOFError:
        sys.exit("the worker ended with the thread that started it")


if __name__ == "__main__":
    main()
