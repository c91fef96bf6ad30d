# expect: timeout
"""communicate() without the timeout: a child that never ends keeps run_filter waiting forever."""

from __future__ import annotations

import subprocess


def run_filter(cmd, data, timeout):
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate(input=data)
    return p.returncode, out, err
