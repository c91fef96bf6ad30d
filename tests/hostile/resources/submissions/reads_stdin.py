# expect: error|import_error
"""Waits for input at import time: stdin is closed, so this must not hang."""
answer = input("number? ")


def work(n):
    return 2 * n
