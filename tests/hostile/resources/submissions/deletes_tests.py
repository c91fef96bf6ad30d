# expect: wrong_result|error|tampering
"""Deletes the tests it can find at import time, and answers wrong."""
import os
import shutil

for folder in ("tests", "../tests", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests")):
    shutil.rmtree(folder, ignore_errors=True)


def work(n):
    return n
