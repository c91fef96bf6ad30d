"""The child programs the tests run through run_filter: `python filter_child_hidden.py MODE PIDFILE`.

Each first writes its pid to PIDFILE, so that the test can find it, stop it if the learner's code
hangs, and check afterwards that it is gone.

* echo: copy stdin to stdout in small pieces as they come (like `cat`), so output flows while input
  is still being written;
* both: read all of stdin, then write it to stdout and its reverse to stderr, interleaved;
* fail: read stdin, write "bad input: <n> bytes" to stderr, exit 3;
* sleep: read nothing, sleep for a minute.
"""

from __future__ import annotations

import os
import sys
import time

PIECE = 4096


def main(mode, pidfile):
    with open(pidfile, "w", encoding="utf-8") as f:
        f.write(str(os.getpid()))
    stdin, stdout, stderr = sys.stdin.buffer, sys.stdout.buffer, sys.stderr.buffer
    if mode == "echo":
        while piece := stdin.read1(PIECE):
            stdout.write(piece)
            stdout.flush()
    elif mode == "both":
        data = stdin.read()
        backwards = data[::-1]
        for i in range(0, max(len(data), 1), PIECE):
            stdout.write(data[i : i + PIECE])
            stdout.flush()
            stderr.write(backwards[i : i + PIECE])
            stderr.flush()
    elif mode == "fail":
        data = stdin.read()
        stderr.write(b"bad input: %d bytes\n" % len(data))
        sys.exit(3)
    elif mode == "sleep":
        time.sleep(60)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
