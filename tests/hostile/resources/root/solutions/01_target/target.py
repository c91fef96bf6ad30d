"""Double a number (reference). SECRET-REFERENCE-MARKER"""


def work(n):
    return 2 * n
