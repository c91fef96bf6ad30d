# expect: output_limit
"""Prints without end."""


def work(n):
    while True:
        print("spam" * 1000)
