"""Visible tests for the thread-local exercise: run them with `grade 09`."""

from __future__ import annotations

import pytest

from grader.explorer import Violation
from grader.testing import exact
from grader.testing import same
from grader.testing import show


@pytest.mark.points(1)
def test_one_thread_one_student():
    import school

    exact(school.process_thread("Alice"), "Hello, Alice (in MainThread)", "process_thread('Alice')")


@pytest.mark.points(2)
def test_two_threads_two_students(explore):
    def scenario(school):
        original = school.process_student

        def slow_process_student():
            explore.sleep(0.5)  # both threads bind their student before either reads it back
            return original()

        school.process_student = slow_process_student
        got = school.greet_all(["Alice", "Bob"])
        want = ["Hello, Alice (in Thread-Alice)", "Hello, Bob (in Thread-Bob)"]
        if not same(got, want):
            raise Violation(
                "wrong_result",
                f"greet_all(['Alice', 'Bob']) returned {show(got)}, expected {want!r}: "
                "did one thread's student replace the other's?",
            )

    explore(scenario, module="school")
