# expect: wrong_result|lost_update
"""The stub: one module-level global for every thread, so the last thread to bind a student wins."""

from __future__ import annotations

import threading

current_student = None


def process_student():
    return f"Hello, {current_student} (in {threading.current_thread().name})"


def process_thread(name):
    global current_student
    current_student = name
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
