# expect: leaked_process
"""communicate(timeout=...) raises TimeoutExpired, but the child is left running."""

from __future__ import annotations

import subprocess


def run_filter(cmd, data, timeout):
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate(input=data, timeout=timeout)
    return p.returncode, out, err
