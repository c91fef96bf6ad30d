"""Named worker threads: start them all, then join them all.

The tutorial starts a thread with ``threading.Thread(target=loop, name='LoopThread')``
and the thread finds its own name with ``threading.current_thread().name``.
Here you start several such threads at once, each with its own name, let them
all work at the same time, and collect what each one returns.
"""

from __future__ import annotations

import threading
import time


def run_named(n, work):
    """Run work(name) in n threads named Worker-1 .. Worker-n; return the results in thread order.

    Thread "Worker-i" calls work("Worker-i"), and what it returns goes to
    results[i - 1]. All n threads must be started before any is joined, and
    run_named returns only after every thread has finished.
    """
    results = [None] * n
    # TODO: create n threading.Thread objects named "Worker-1" .. "Worker-n".
    # A thread cannot hand a value back by itself: give each thread a small
    # target function that calls work(name) and stores what it returns at
    # the thread's own index in results.
    # TODO: start every thread first, then join every thread.
    return results


def loop(name):
    """The tutorial's loop, as a work function: count to 3, then say which thread did it."""
    for n in range(1, 4):
        print(f"thread {threading.current_thread().name} >>> {n}")
        time.sleep(0.1)
    return f"{name} done"


if __name__ == "__main__":
    print(f"thread {threading.current_thread().name} is running...")
    print(run_named(3, loop))
    print(f"thread {threading.current_thread().name} ended.")
