# expect: wrong_result|lost_update
"""A shared "context" dict with one fixed key: still one student for all threads."""

from __future__ import annotations

import threading

context = {}


def process_student():
    return "Hello, {} (in {})".format(context["student"], threading.current_thread().name)


def process_thread(name):
    context["student"] = name
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
