"""What threading.local does by hand: a dict keyed by the thread's identity, guarded by a lock."""

from __future__ import annotations

import threading

_students = {}
_lock = threading.Lock()


def process_student():
    with _lock:
        std = _students[threading.get_ident()]  # KeyError if this thread has bound no student
    return f"Hello, {std} (in {threading.current_thread().name})"


def process_thread(name):
    with _lock:
        _students[threading.get_ident()] = name
    return process_student()


def greet_all(names):
    greetings = [None] * len(names)

    def work(index, name):
        greetings[index] = process_thread(name)

    threads = [threading.Thread(target=work, args=(i, name), name=f"Thread-{name}") for i, name in enumerate(names)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return greetings
