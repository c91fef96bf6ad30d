"""subprocess.run does exactly this: communicate with a timeout, and on a timeout kill, reap and re-raise."""

from __future__ import annotations

import subprocess


def run_filter(cmd, data, timeout):
    done = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout, check=False)
    return done.returncode, done.stdout, done.stderr
