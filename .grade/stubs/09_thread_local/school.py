"""Every thread processes its own student, without passing the student down every call.

process_thread(name) binds the thread's student; process_student(), called from
anywhere below it, finds that student again. The first attempt keeps the student
in a module-level global. With one thread that works; with two, they overwrite
each other's student.
"""

from __future__ import annotations

import threading

# TODO: one global shared by every thread: thread B's student replaces thread A's.
# Keep the student in a threading.local() object instead: it looks like one global,
# but every thread that reads or writes its attributes sees only its own copy.
current_student = None


def process_student():
    """Greet the student bound to the calling thread."""
    std = current_student
    return f"Hello, {std} (in {threading.current_thread().name})"


def process_thread(name):
    """Bind `name` as the calling thread's student, then return process_student()."""
    global current_student
    current_student = name
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
