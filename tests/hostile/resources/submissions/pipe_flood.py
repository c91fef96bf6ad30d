# expect: output_limit|timeout
"""Finds every pipe it inherited (the grader's stdout, stderr and channel) and floods them."""
import os


def work(n):
    pipes = []
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}").startswith("pipe:"):
                pipes.append(int(name))
        except OSError:
            pass
    while True:
        for fd in pipes:
            try:
                os.write(fd, b"garbage without newline " * 2000)
            except OSError:
                pass
