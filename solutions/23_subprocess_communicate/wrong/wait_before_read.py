# expect: deadlock|timeout
"""wait() for the child before reading its output: a child with more output than a pipe holds never ends."""

from __future__ import annotations

import subprocess


def run_filter(cmd, data, timeout):
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdin.write(data)
    p.stdin.close()
    p.wait()
    return p.returncode, p.stdout.read(), p.stderr.read()
