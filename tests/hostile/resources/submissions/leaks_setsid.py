# expect: leaked_process
"""Right answers, but leaves a process behind in a session of its own."""
import subprocess

_child = []


def work(n):
    if not _child:
        _child.append(subprocess.Popen(["sleep", "1000"], start_new_session=True))
    return 2 * n
