"""Every thread processes its own student, without passing the student down every call."""

from __future__ import annotations

import threading

# One object for the whole module, but each thread sees only its own attributes on it:
# local_school.student set in thread A is invisible to thread B.
local_school = threading.local()


def process_student():
    """Greet the student bound to the calling thread."""
    std = local_school.student  # AttributeError if this thread has bound no student
    return f"Hello, {std} (in {threading.current_thread().name})"


def process_thread(name):
    """Bind `name` as the calling thread's student, then return process_student()."""
    local_school.student = name
    return process_student()


def greet_all(names):
    """One thread per name, named "Thread-<name>", each running process_thread(name); greetings in order."""
    greetings = [None] * len(names)

    def work(index, name):
        greetings[index] = process_thread(name)

    threads = [threading.Thread(target=work, args=(i, name), name=f"Thread-{name}") for i, name in enumerate(names)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return greetings


if __name__ == "__main__":
    for line in greet_all(["Alice", "Bob"]):
        print(line)
