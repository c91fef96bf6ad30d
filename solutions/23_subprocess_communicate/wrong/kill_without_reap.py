# expect: leaked_process
"""The child is killed on a timeout but never waited for: it stays behind as a zombie."""

from __future__ import annotations

import subprocess


def run_filter(cmd, data, timeout):
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = p.communicate(input=data, timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        raise
    return p.returncode, out, err
