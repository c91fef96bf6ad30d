"""Named worker threads: start them all, then join them all."""

from __future__ import annotations

import threading
import time


def run_named(n, work):
    """Run work(name) in n threads named Worker-1 .. Worker-n; return the results in thread order."""
    results = [None] * n

    def run_one(index, name):
        # A thread's target cannot return a value to anyone: store it at the thread's own index.
        results[index] = work(name)

    threads = []
    for i in range(1, n + 1):
        name = f"Worker-{i}"
        threads.append(threading.Thread(target=run_one, args=(i - 1, name), name=name))
    # Start them all first, so they run at the same time ...
    for t in threads:
        t.start()
    # ... and only then wait for each one.
    for t in threads:
        t.join()
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
