# expect: wrong_result
"""On a timeout the child is killed and reaped, but run_filter returns what it has instead of raising."""

from __future__ import annotations

import subprocess


def run_filter(cmd, data, timeout):
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = p.communicate(input=data, timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    return p.returncode, out, err
