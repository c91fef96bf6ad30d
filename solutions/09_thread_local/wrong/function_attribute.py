# expect: wrong_result|lost_update
"""The student stored as an attribute of the function: functions are shared by all threads too."""

from __future__ import annotations

import threading


def process_student():
    return f"Hello, {process_student.student} (in {threading.current_thread().name})"


def process_thread(name):
    process_student.student = name
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
