"""Run a filter program: feed it bytes on stdin, collect its stdout and stderr, never hang."""

from __future__ import annotations

import subprocess


def run_filter(cmd, data, timeout):
    """Run cmd (a list of arguments), give it `data` (bytes) on stdin; return (returncode, stdout, stderr).

    If the child has not finished after `timeout` seconds: kill it, wait for it,
    and raise subprocess.TimeoutExpired.
    """
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # communicate() writes stdin and drains stdout and stderr at the same time, so no pipe fills up.
        out, err = p.communicate(input=data, timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()  # communicate() leaves the child running on a timeout ...
        p.communicate()  # ... and this reaps it (and drains what is left in the pipes)
        raise
    return p.returncode, out, err
