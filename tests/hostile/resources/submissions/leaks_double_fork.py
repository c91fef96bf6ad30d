# expect: leaked_process
"""Right answers, but a double fork leaves an orphaned grandchild."""
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
                time.sleep(1000)
            os._exit(0)
        os.waitpid(pid, 0)
    return 2 * n
