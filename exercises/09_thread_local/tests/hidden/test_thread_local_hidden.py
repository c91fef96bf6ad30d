"""Hidden tests for the thread-local exercise: the full contract of school.py.

To make the threads overlap at a known point, the scenarios replace school.process_student by a
version that first waits a (virtual) moment: every thread binds its student, then all of them
wait, then each one reads its student back.
"""

from __future__ import annotations

import pytest

from grader.explorer import Violation
from grader.testing import exact
from grader.testing import show


def slow_down(explore, school, pause=0.5):
    original = school.process_student

    def process_student():
        explore.sleep(pause)  # the other threads run meanwhile and bind their own students
        return original()

    school.process_student = process_student


def greeting(student, thread):
    return f"Hello, {student} (in {thread})"


def check_greeting(got, student, thread, call):
    want = greeting(student, thread)
    if type(got) is not str:  # a str subclass could claim to equal any greeting
        raise AssertionError(f"{call} in thread {thread!r} returned {show(got)}, expected the str {want!r}.")
    if got == want:
        return
    for other in ("Alice", "Bob", "Carol"):
        if other != student and got == greeting(other, thread):
            raise Violation(
                "wrong_result",
                f"{call} in thread {thread!r} returned {got!r}: it greeted {other}, the student another "
                f"thread bound, instead of its own student {student}. A global variable (or anything "
                "else all threads share) holds one student for everybody; a threading.local() object "
                "holds one per thread.",
            )
    raise AssertionError(f"{call} in thread {thread!r} returned {got!r}, expected {want!r}.")


def process_in_threads(explore, school, jobs):
    threading = explore.threading
    results = [None] * len(jobs)

    def make(index, student):
        def go():
            results[index] = school.process_thread(student)

        return go

    threads = [threading.Thread(target=make(i, s), name=n) for i, (n, s) in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


# -- one thread -----------------------------------------------------------------------------------


@pytest.mark.points(1)
def test_one_thread():
    import school

    exact(school.process_thread("Alice"), "Hello, Alice (in MainThread)", "process_thread('Alice') in the main thread")
    exact(
        school.process_student(),
        "Hello, Alice (in MainThread)",
        "process_student() after process_thread('Alice') in the same thread",
        hint="The thread's student stays bound until the thread binds another one.",
    )
    exact(school.process_thread("Bob"), "Hello, Bob (in MainThread)", "a second process_thread('Bob')")


# -- several threads -----------------------------------------------------------------------------


@pytest.mark.points(3)
@pytest.mark.parametrize(
    "jobs",
    [[("Thread-A", "Alice"), ("Thread-B", "Bob")], [("T1", "Alice"), ("T2", "Bob"), ("T3", "Carol")]],
    ids=["two", "three"],
)
def test_each_thread_greets_its_own_student(explore, jobs):
    def scenario(school):
        slow_down(explore, school)
        results = process_in_threads(explore, school, jobs)
        for (thread, student), got in zip(jobs, results, strict=True):
            check_greeting(got, student, thread, f"process_thread({student!r})")

    explore(scenario, module="school")


@pytest.mark.points(2)
def test_threads_with_the_same_name(explore):
    def scenario(school):
        slow_down(explore, school)
        # Thread names need not be unique: two threads may both be called "Worker".
        results = process_in_threads(explore, school, [("Worker", "Alice"), ("Worker", "Bob")])
        for student, got in zip(("Alice", "Bob"), results, strict=True):
            check_greeting(got, student, "Worker", f"process_thread({student!r}) (two threads named 'Worker')")

    explore(scenario, module="school")


@pytest.mark.points(1)
def test_a_thread_without_a_student_sees_none(explore):
    def scenario(school):
        slow_down(explore, school)
        threading = explore.threading
        seen = {}

        def stranger():
            explore.sleep(0.25)  # Alice is bound in the other thread by now
            try:
                seen["got"] = school.process_student()
            except Exception as exc:
                seen["raised"] = exc

        a = threading.Thread(target=lambda: seen.setdefault("alice", school.process_thread("Alice")), name="Thread-A")
        s = threading.Thread(target=stranger, name="Thread-S")
        a.start()
        s.start()
        a.join()
        s.join()
        if "got" in seen:
            raise Violation(
                "wrong_result",
                f"process_student() in thread 'Thread-S', which never bound a student, returned {show(seen['got'])} "
                "while thread 'Thread-A' was processing Alice. A thread must see only the student it bound "
                "itself; with none bound, process_student() should raise (reading a missing attribute of a "
                "threading.local() raises AttributeError).",
            )
        check_greeting(seen.get("alice"), "Alice", "Thread-A", "process_thread('Alice')")

    explore(scenario, module="school")


@pytest.mark.points(2)
def test_greet_all(explore):
    def scenario(school):
        slow_down(explore, school)
        names = ["Alice", "Bob", "Carol"]
        got = school.greet_all(names)
        assert type(got) is list and len(got) == 3, f"greet_all({names}) returned {show(got)}; expected 3 greetings."
        for name, g in zip(names, got, strict=True):
            check_greeting(g, name, f"Thread-{name}", f"greet_all({names})")

    explore(scenario, module="school")


@pytest.mark.points(1)
def test_greet_all_with_real_threads():
    import school

    exact(
        school.greet_all(["Alice", "Bob"]),
        ["Hello, Alice (in Thread-Alice)", "Hello, Bob (in Thread-Bob)"],
        "greet_all(['Alice', 'Bob'])",
    )
