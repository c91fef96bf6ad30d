# expect: error|wrong_result
"""A new threading.local() made inside process_thread: process_student reads a different one."""

from __future__ import annotations

import threading

local_school = threading.local()


def process_student():
    return f"Hello, {local_school.student} (in {threading.current_thread().name})"


def process_thread(name):
    local_school = threading.local()
    local_school.student = name
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
