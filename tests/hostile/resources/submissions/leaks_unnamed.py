# expect: leaked_process
"""Right answers, but it leaves a detached grandchild whose name is not UTF-8 and holds parentheses.

The grader reads every process's name from /proc to find and report what a grading left behind.
"""
import os
import time

_done = []


def work(n):
    if not _done:
        _done.append(1)
        pid = os.fork()
        if pid == 0:
            if os.fork() == 0:
                os.setsid()
                with open("/proc/self/comm", "wb") as comm:  # the name prctl(PR_SET_NAME) sets
                    comm.write(b"\xff\xfe) (x")
                time.sleep(1000)
            os._exit(0)
        os.waitpid(pid, 0)
    return 2 * n
