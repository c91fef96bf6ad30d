"""Run a filter program: feed it bytes on stdin, collect its stdout and stderr, never hang.

A pipe holds only about 64 KiB. A child that writes more output than that
blocks until somebody reads; a parent that writes more input than that blocks
until the child reads. If the parent writes all the input first and the child
is blocked writing output that nobody reads yet, both wait for each other
forever. Popen.communicate() writes and reads at the same time, and takes a
timeout.
"""

from __future__ import annotations

import subprocess


def run_filter(cmd, data, timeout):
    """Run cmd (a list of arguments), give it `data` (bytes) on stdin; return (returncode, stdout, stderr).

    If the child has not finished after `timeout` seconds: kill it, wait for it,
    and raise subprocess.TimeoutExpired.
    """
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # TODO: writing everything first and reading afterwards deadlocks as soon
    # as the child's output fills its pipe. Let p.communicate(input=..., timeout=...)
    # do the writing and reading; on subprocess.TimeoutExpired kill the child,
    # reap it, and re-raise.
    p.stdin.write(data)
    p.stdin.close()
    out = p.stdout.read()
    err = p.stderr.read()
    p.wait()
    return p.returncode, out, err
