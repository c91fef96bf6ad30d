# expect: deadlock|timeout
"""Write all the input, then read the output: the child blocks on a full stdout pipe, the parent on a full stdin pipe."""

from __future__ import annotations

import subprocess


def run_filter(cmd, data, timeout):
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdin.write(data)
    p.stdin.close()
    out = p.stdout.read()
    err = p.stderr.read()
    p.wait(timeout=timeout)
    return p.returncode, out, err
