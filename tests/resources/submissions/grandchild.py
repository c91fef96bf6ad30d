"""Leaves a process behind in a session of its own, and tells the test output its pid."""

import subprocess

_child = None


def add(a, b):
    global _child
    if _child is None:
        _child = subprocess.Popen(["sleep", "1000.5"], start_new_session=True)
        print(f"GRANDCHILD={_child.pid}")
    return a + b
