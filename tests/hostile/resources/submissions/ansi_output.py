# expect: wrong_result
"""Prints terminal escape sequences, NULs and bad UTF-8, and answers wrong."""
import os
import sys


def work(n):
    print("\x1b[2J\x1b[31mRED\x1b]0;pwned\x07\x00 done")
    sys.stdout.flush()
    os.write(2, b"\xff\xfe\x1b[1mbold\x00")
    raise AssertionError("\x1b[2Jcleared\x00")
