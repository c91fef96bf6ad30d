# expect: wrong_result
"""A dict keyed by the thread's name: two threads with the same name share one entry."""

from __future__ import annotations

import threading

students = {}


def process_student():
    return f"Hello, {students[threading.current_thread().name]} (in {threading.current_thread().name})"


def process_thread(name):
    students[threading.current_thread().name] = name
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
