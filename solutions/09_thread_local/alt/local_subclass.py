"""A threading.local subclass: __init__ runs once in every thread that uses it, giving each a default."""

from __future__ import annotations

import threading


class School(threading.local):
    def __init__(self):
        self.student = None


school = School()


def process_student():
    if school.student is None:
        raise LookupError(f"no student bound in {threading.current_thread().name}")
    return f"Hello, {school.student} (in {threading.current_thread().name})"


def process_thread(name):
    school.student = name
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
