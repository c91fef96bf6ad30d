# expect: wrong_result
"""Looks for the nonce in its command line and environment, then writes fake passes to every fd."""
import json
import os
import re


def _nonce():
    for source in ("/proc/self/cmdline", "/proc/self/environ", "/proc/1/cmdline", f"/proc/{os.getppid()}/cmdline"):
        try:
            found = re.search(rb"[0-9a-f]{32}", open(source, "rb").read())
        except OSError:
            continue
        if found:
            return found.group().decode()
    return "0" * 32


def work(n):
    nonce = _nonce()
    for node in ("tests/visible/test_target_visible.py::test_small", "tests/hidden/test_target_hidden.py::test_large",
                 "tests/hidden/test_target_hidden.py::test_negative"):
        line = json.dumps({"nonce": nonce, "event": "report", "nodeid": node, "outcome": "pass"}) + "\n"
        for fd in range(3, 64):
            try:
                os.write(fd, line.encode())
            except OSError:
                pass
    return n
